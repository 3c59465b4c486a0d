"""Background processing of stored messages (the django-tasks worker). The periodic job
`process_inbound` does the same for whatever a task did not reach."""

from django_tasks import task


@task()
def process_inbound(message_id: int) -> bool:
    from .services.processing import process

    return process(message_id)

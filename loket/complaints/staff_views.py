def queue(request, office_slug): ...


head_list = intake = detail = identity = attachment = act = queue

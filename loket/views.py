"""Site-wide pages: the public home page, the health check and the rate-limit page."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from loket.offices.services import public_offices


@require_safe
def home(request):
    offices = public_offices()
    if len(offices) == 1:
        return redirect(offices[0])
    return render(request, "home.html", {"offices": offices})


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

def staff_offices(request):
    """Offices of the signed-in staff user, for the staff navigation (lazy: no query unless
    a template uses it)."""
    from .permissions import offices_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"staff_offices": lambda: list(offices_for(user))}

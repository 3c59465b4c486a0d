def start(request, office_slug): ...


step_what = step_evidence = step_who = check = confirmation = track_lookup = track = complete = (
    reply
) = rate = reopen = attachment = start

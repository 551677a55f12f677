from clair_portal.testing.access import LOGIN, SIGNED_IN, Row, everyone

PUBLIC = set()

OWNER_ONLY = everyone(404, anonymous=LOGIN, office_a=200)

MATRIX = {
    "jobs:list": Row(SIGNED_IN),
    "jobs:kinds": Row(SIGNED_IN),
    # Reports are for HQ and office staff; to anyone else (officers of local
    # governments too) a kind looks missing.
    "jobs:request": Row(
        everyone(200, anonymous=LOGIN, participant=404, org_a=404, org_b=404),
        kwargs={"kind": "office-directory-csv"},
    ),
    "jobs:detail": Row(OWNER_ONLY, kwargs={"job_id": "{job}"}),
    "jobs:status": Row(OWNER_ONLY, kwargs={"job_id": "{job}"}),
    "jobs:download": Row(OWNER_ONLY, kwargs={"job_id": "{job}"}),
}


def objects(cast):
    from clair_portal.jobs.services import request_job

    job = request_job(cast.office_a, "office-directory-csv")
    return {"job": job}

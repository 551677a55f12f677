from clair_portal.testing.access import LOGIN, SIGNED_IN, Row, everyone

PUBLIC = set()

MATRIX = {
    "notifications:inbox": Row(SIGNED_IN),
    "notifications:mark_read": Row(
        everyone(404, anonymous=LOGIN, office_a=302),
        kwargs={"notification_id": "{notification}"},
        method="post",
    ),
    "notifications:mark_all_read": Row(everyone(302, anonymous=LOGIN), method="post"),
}


def objects(cast):
    from clair_portal.notifications.services import notify

    notification = notify(cast.office_a, event_key="access-test", subject="Subject", body="Body")
    return {"notification": notification}

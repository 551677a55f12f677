"""Renewal links get a token of their own instead of reusing the confirmation token."""

from django.db import migrations, models

import sistercities.models.partnering


def give_each_request_a_renewal_token(apps, schema_editor):
    from sistercities.models.partnering import new_token

    PartnerRequest = apps.get_model("sistercities", "PartnerRequest")
    for request in PartnerRequest.objects.only("pk").iterator(chunk_size=1000):
        PartnerRequest.objects.filter(pk=request.pk).update(renewal_token=new_token())
    # Renewal e-mails already sent carry the confirmation token, which renews nothing
    # from now on: listed requests get a new notice (with the new link) from the next
    # daily run instead of lapsing because their link stopped working.
    PartnerRequest.objects.filter(state="published", renewal_sent_at__isnull=False).update(
        renewal_sent_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sistercities", "0004_partnership_contact_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnerrequest",
            name="renewal_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_each_request_a_renewal_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnerrequest",
            name="renewal_token",
            field=models.CharField(
                default=sistercities.models.partnering.new_token,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]

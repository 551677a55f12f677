"""Small builders for JET records; tests state only what matters to them."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from jet.models import CalendarFeed, ContractingOrganisation, Participant, Placement, Seminar

_numbers = count(1)


def organisation(code="422011", **extra) -> ContractingOrganisation:
    from reference.models import LocalGovernment

    lg = LocalGovernment.objects.get(code=code[:6])
    defaults = {
        "kind": ContractingOrganisation.Kind.LOCAL_GOVERNMENT,
        "name_en": lg.english_name(),
        "name_ja": lg.name_kanji,
        "local_government": lg,
        "address": "1-1 Example-machi",
    }
    defaults.update(extra)
    org, _ = ContractingOrganisation.objects.get_or_create(code=code, defaults=defaults)
    return org


def participant(user=None, **extra) -> Participant:
    n = next(_numbers)
    defaults = {
        "jet_number": f"T-{n:06d}",
        "family_name": f"Family{n}",
        "given_name": "Given",
        "nationality": "US",
        "role": "ALT",
        "email": f"p{n}@example.org",
        "first_arrival_year": 2025,
        "user": user,
    }
    defaults.update(extra)
    return Participant.objects.create(**defaults)


def placement(participant, *, state="draft", year=2026, org=None, **extra) -> Placement:
    defaults = {
        "participant": participant,
        "organisation": org or organisation(),
        "role": participant.role,
        "jet_year": year,
        "contract_start": date(year, 8, 1),
        "contract_end": date(year + 1, 7, 31),
        "workplaces": [{"name": "Nagasaki Minami High School", "address": "1-2 Nagasaki"}],
        "supervisor_name": "Suzuki Ichiro",
        "supervisor_email": "suzuki@example.jp",
        "state": state,
        "version": 1 if state == "published" else 0,
    }
    defaults.update(extra)
    return Placement.objects.create(**defaults)


def seminar(year=2026, *, roles=(), prefecture=None, days=30, **extra) -> Seminar:
    starts = timezone.now() + timedelta(days=days)
    defaults = {
        "title_en": "Post-arrival orientation",
        "title_ja": "来日直後オリエンテーション",
        "kind": Seminar.Kind.ORIENTATION,
        "venue_en": "Keio Plaza Hotel, Tokyo",
        "venue_ja": "京王プラザホテル（東京）",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=6),
        "jet_year": year,
        "roles": list(roles),
        "prefecture": prefecture,
    }
    defaults.update(extra)
    return Seminar.objects.create(**defaults)


def feed(participant) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(participant=participant)[0]

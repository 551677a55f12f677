"""The portal as a whole: accounts so that tables are not empty, and the health check."""

from bench.registry import Context, benchmark, generator, scaled

USERS_PER_SCALE = 1_000
BATCH = 1_000


@generator
def users(scale: float) -> None:
    from django.contrib.auth.hashers import make_password

    from clair_portal.accounts.models import User

    # One hash for all: hashing thousands of passwords measures nothing we serve.
    password = make_password("bench-password-not-for-use")
    total = scaled(USERS_PER_SCALE, scale)
    for start in range(0, total, BATCH):
        User.objects.bulk_create(
            User(email=f"bench-{n:07d}@example.org", password=password, full_name=f"User {n}")
            for n in range(start, min(start + BATCH, total))
        )


@benchmark
def healthz(ctx: Context):
    return {"healthz_rps": ctx.wrk("/healthz")}

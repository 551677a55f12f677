"""Confidential consultations for JET participants and their contracting organisations.

``access`` decides who reads what (one place); ``services`` changes consultations,
logs every reading and sends content-free notices; ``views`` and ``forms`` are the
pages at ``/<lang>/jet/counselling/``.
"""

# As Japanese public bodies write them: 2026年12月3日, 14時05分.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "G時i分"
DATETIME_FORMAT = "Y年n月j日 G時i分"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 G時i分"

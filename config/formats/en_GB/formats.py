"""How this service writes dates, times and numbers: the GOV.UK style ("3 June 2021",
"3 Jun 2021" where space is short, times as 14:05). Django reads these (FORMAT_MODULE_PATH)
for its `date` and `time` template filters, django.utils.formats in Python, and
django-tables2's date columns, so every page, file and email writes a date one way."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

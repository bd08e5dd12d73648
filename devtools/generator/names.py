"""The made-up words of generated data: owners' names, the subjects and verbs of themes and
objectives, and the narratives of progress updates. Plainly fictional, and NHS-flavoured
so that pages filled with them read like the real thing."""

from __future__ import annotations

import random

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hassan",
    "Isla",
    "Jonah",
    "Kiran",
    "Leah",
    "Marek",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wyn",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Brennan",
    "Chowdhury",
    "Doyle",
    "Evans",
    "Fraser",
    "Gupta",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rahman",
    "Smith",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
]
SUBJECTS = [
    "GP training places",
    "nursing associates",
    "mental health workforce",
    "clinical placements",
    "advanced practice",
    "medical school expansion",
    "return to practice",
    "apprenticeships",
    "workforce planning",
    "physician associates",
    "pharmacy technicians",
    "cancer diagnostics staff",
    "paramedic education",
    "dental foundation training",
    "digital skills",
    "retention of nurses",
]
VERBS = ["Expand", "Deliver", "Improve", "Grow", "Support", "Reform", "Increase", "Strengthen"]
NARRATIVES = (
    "Recruitment for the {subject} programme is {pace}; the regional leads report {detail}.",
    "Figures for the quarter show the {subject} work {pace}. {detail_cap}.",
    "The board reviewed {subject} this quarter: {detail}. Next steps are agreed with the "
    "regions and the royal colleges.",
    "{detail_cap}. Funding for {subject} is confirmed to the end of the year and the "
    "delivery plan is {pace}.",
)
PACES = ("on plan", "slightly behind plan", "ahead of plan", "delayed by vacancies")
DETAILS = (
    "training places filled in every region",
    "a shortfall in the North East and Yorkshire",
    "placements agreed with all trusts",
    "attrition lower than last year",
    "a delay to the procurement of providers",
    "strong demand from applicants",
    "two regions still finalising their commissions",
)


def owner_name(k: int) -> tuple[str, str]:
    """The first and last name of owner account number `k` (from 0). The last name moves
    on one more each time the first names come round, so no two of the first 300 accounts
    share a full name."""
    first = FIRST_NAMES[k % len(FIRST_NAMES)]
    last = LAST_NAMES[(k // len(FIRST_NAMES) + k) % len(LAST_NAMES)]
    return first, last


def title(rng: random.Random) -> str:
    """A theme's title: a verb and a subject."""
    return f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}"


def narrative(rng: random.Random, subject: str) -> str:
    """An update's narrative about `subject`. The choices are drawn detail, template, pace:
    the order the seed's data depends on."""
    detail = rng.choice(DETAILS)
    return rng.choice(NARRATIVES).format(
        subject=subject, pace=rng.choice(PACES), detail=detail, detail_cap=detail.capitalize()
    )

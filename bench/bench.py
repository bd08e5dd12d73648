"""The benchmark of `make bench` (bench/README.md says what each figure means).

Run by bench/run.sh inside .ci/with-postgres.sh, which gives it a throwaway PostgreSQL in
DATABASE_URL. In one run: migrate, collect the static files, load the fixtures; count each
main page's queries on the fixtures alone; generate the large data set; count them again
(they must not change); serve the app with gunicorn on 127.0.0.1 and load each page with
wrk, beside a floor (the cheapest logged-in page) and the Django admin's objective list;
then the peak memory of the largest exports with 10 and with 100 updates per objective.

Sizes and load come from the environment, for a quick run:
    BENCH_MANDATES=4 BENCH_THEMES=10 BENCH_OBJECTIVES=250   (objectives per theme)
    BENCH_UPDATES=100 BENCH_FEW_UPDATES=10                  (updates per objective)
    BENCH_SECONDS=10 BENCH_THREADS=2 BENCH_CONNECTIONS=8    (each wrk run)
    BENCH_SKIP_PDF=1                                        (leave out the PDF's memory,
                                                             and its 2,500-objective peak)
It sends requests to 127.0.0.1 only, each wrk run bounded in time, and stops what it
started.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


MANDATES = env_int("BENCH_MANDATES", 4)
THEMES = env_int("BENCH_THEMES", 10)
OBJECTIVES = env_int("BENCH_OBJECTIVES", 250)
UPDATES = env_int("BENCH_UPDATES", 100)
FEW_UPDATES = env_int("BENCH_FEW_UPDATES", 10)
SECONDS = env_int("BENCH_SECONDS", 10)
THREADS = env_int("BENCH_THREADS", 2)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 8)
WARM_SECONDS = 2
MAX_SECONDS = 15  # a wrk run never lasts longer than this
FIXTURES = [
    "fixtures/hee-2017-18.json",
    "fixtures/hee-2021-22.json",
    "fixtures/links-2017-18-to-2021-22.json",
    "fixtures/published-figures.json",
]
USERNAME = "bench-viewer"

# Production-like: DEBUG off with a key and hosts given, kept database connections,
# hashed static files. The floor page is on (BENCH_FLOOR) for this process only.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "CONN_MAX_AGE": "60",
    "BENCH_FLOOR": "1",
    "LOG_LEVEL": "ERROR",
    # As behind the TLS-ending proxy of a deployment: requests say they came over https
    # (the header below), so the security middleware serves them rather than redirect.
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}
PROXY_HEADER = ("X-Forwarded-Proto", "https")


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(f"== {text}")


def manage(*args: str) -> str:
    """A manage.py command in a child process; its output is printed and returned."""
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    out = (result.stdout + result.stderr).strip()
    say(f"$ manage.py {' '.join(args)}  ({time.perf_counter() - started:.1f} s)")
    if out:
        say("  " + out.replace("\n", "\n  "))
    return out


# ---------------------------------------------------------------------------------------
# In this process: Django itself, for the query counts and the session cookie.


# The main pages, each counted at both scales. The objective, its theme and the theme's
# export are the same at both: 2021-22's objective 3, given a few updates at the small
# scale and a hundred at the large, beside the generated data.
PAGES = [
    ("home", "/"),
    ("objectives list", "/objectives/"),
    ("objectives list, page 2", "/objectives/?page=2"),
    ("objective page", "/mandates/hee-2021-22/objectives/3/"),
    ("theme page", "/mandates/hee-2021-22/themes/2/"),
    ("theme XLSX export", "/mandates/hee-2021-22/themes/2/summary.xlsx"),
    ("needs-update page", "/needs-update/"),
    ("quarterly return", "/return/"),
]
# The bench user's own objectives, whose quarterly return is loaded: an owner's share, not
# a whole mandate's (the first of 2021-22's at the small scale, of gen-1's at the large).
RETURN_ROWS = 20
# The generated pages the load test reads, counted at the large scale too.
BIG_OBJECTIVE = "/mandates/gen-1/objectives/1.1/"
BIG_THEME = "/mandates/gen-1/themes/1/"


def django_setup() -> None:
    import django

    django.setup()


def bench_user():  # type: ignore[no-untyped-def]
    """An Updater with admin access (staff): reads every page and the admin's lists as a
    Viewer does, and has a quarterly return of the objectives it owns (own_objectives)."""
    from django.contrib.auth.models import Group, User

    from core.roles import UPDATER

    user, _ = User.objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Bench", "last_name": "Viewer"}
    )
    user.is_staff = True
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=UPDATER))
    return user


def count_queries(urls: list[str]) -> dict[str, int]:
    """Each page's queries, read in this process with the test client, after one request
    to warm what is loaded once per process (content types, permissions' caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(bench_user())
    counts = {}
    for url in urls:
        first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{url} answered {first.status_code}, not 200")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    return counts


def session_cookie() -> str:
    """A logged-in session for the bench user, stored in the database the server reads."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(bench_user())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def record_progress(count: int) -> None:
    """`count` more updates on 2021-22's objective 3, through the services as the pages
    record them, the first of them edited once (so it has versions)."""
    import datetime

    from objectives.models import Objective
    from objectives.services import progress_update_edit, progress_update_record

    objective = Objective.objects.get(mandate__slug="hee-2021-22", reference="3")
    user = bench_user()
    already = objective.updates.count()
    for n in range(already, already + count):
        update = progress_update_record(
            objective=objective,
            author=user,
            as_of=datetime.date(2021, 4, 1) + datetime.timedelta(days=n * 3 % 360),
            status="on_track",
            percent_complete=min(99, n),
            narrative=f"Benchmark update {n}.",
        )
        if n == 0:
            progress_update_edit(update=update, editor=user, reason="A version", percent_complete=1)


def own_objectives(mandate_slug: str) -> None:
    """Give the bench user RETURN_ROWS objectives of the mandate, for its quarterly return."""
    from objectives.models import Objective

    chosen = Objective.objects.filter(mandate__slug=mandate_slug).order_by("pk")[:RETURN_ROWS]
    Objective.objects.filter(pk__in=list(chosen.values_list("pk", flat=True))).update(
        owner=bench_user()
    )


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would give a real database in time."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    say(f"VACUUM (ANALYZE) in {time.perf_counter() - started:.1f} s")


# ---------------------------------------------------------------------------------------
# gunicorn and wrk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(os.environ["BENCH_RUN_DIR"]) / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--no-control-socket",
            "--error-logfile",
            str(self.log),
            "--log-level",
            "warning",
        ]
        say(f"$ {' '.join(command[1:])}")
        self.process = subprocess.Popen(command, cwd=ROOT)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        log = self.log.read_text() if self.log.exists() else ""
        raise SystemExit(f"gunicorn did not answer on {self.base}:\n{log}")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_page(url: str, cookie: str) -> int:
    """The page answers 200 to the logged-in user (not a redirect to the login page, which
    wrk would count as a success); returns its size in bytes."""
    opener = urllib.request.build_opener(NoRedirect)
    headers = {"Cookie": cookie, PROXY_HEADER[0]: PROXY_HEADER[1]}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return len(response.read())
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}, not 200") from error


@dataclass(frozen=True)
class Load:
    name: str
    url: str
    size: int
    rate: float
    p50_ms: float
    p95_ms: float
    errors: int


def wrk(url: str, cookie: str, seconds: int, new_address_pages: int = 0) -> dict[str, int]:
    """One bounded wrk run; with `new_address_pages`, every request to a new address
    (bench/wrk_report.lua): each page of the list in turn."""
    seconds = min(seconds, MAX_SECONDS)
    env = os.environ | (
        {"WRK_NEW_ADDRESS_PAGES": str(new_address_pages)} if new_address_pages else {}
    )
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        ": ".join(PROXY_HEADER),
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
        url,
    ]
    result = subprocess.run(  # noqa: S603
        command, check=True, capture_output=True, text=True, timeout=seconds + 30, env=env
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def load(name: str, url: str, cookie: str, new_address_pages: int = 0) -> Load:
    size = check_page(url, cookie)
    wrk(url, cookie, WARM_SECONDS, new_address_pages)  # warm the workers and connections
    r = wrk(url, cookie, SECONDS, new_address_pages)
    errors = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
    return Load(
        name=name,
        url=url,
        size=size,
        rate=r["requests"] / (r["duration_us"] / 1e6),
        p50_ms=r["p50_us"] / 1000,
        p95_ms=r["p95_us"] / 1000,
        errors=errors,
    )


# ---------------------------------------------------------------------------------------
# Export memory, each measured in a fresh child process


MEMORY_CHILD = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.test import Client
from django.contrib.auth.models import User

def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

url, warm_url = sys.argv[1], sys.argv[2]
client = Client(HTTP_X_FORWARDED_PROTO="https")
client.force_login(User.objects.get(username=sys.argv[3]))
assert client.get(warm_url).status_code == 200  # load the libraries and fonts first
before = rss_kib()
peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
response = client.get(url)
seconds = time.perf_counter() - started
assert response.status_code == 200, response.status_code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": seconds, "bytes": len(response.content), "growth_kib": peak - before,
    "peak_kib": peak, "peak_before_kib": peak_before,
}))
"""


# The whole process's peak, nothing warmed first: what a worker rendering the PDF needs.
PDF_PEAK_CHILD = r"""
import json, resource, sys
import django
django.setup()
from django.test import Client
from django.contrib.auth.models import User

client = Client(HTTP_X_FORWARDED_PROTO="https")
client.force_login(User.objects.get(username=sys.argv[2]))
response = client.get(sys.argv[1])
assert response.status_code == 200, response.status_code
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "bytes": len(response.content)}))
"""
PDF_OBJECTIVES = 2_500  # 10 themes of 250
PDF_BUDGET_MIB = 300


def pdf_peak(url: str) -> dict[str, float]:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-c", PDF_PEAK_CHILD, url, USERNAME],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1]) | {
        "seconds": time.perf_counter() - started
    }


def export_memory(url: str, warm_url: str) -> dict[str, float]:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-c", MEMORY_CHILD, url, warm_url, USERNAME],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------


def pdf_peak_step() -> None:
    """The peak RSS of one whole-mandate PDF of 2,500 objectives, whatever BENCH_THEMES
    and BENCH_OBJECTIVES say, against the budget a worker has for it."""
    heading(f"Peak RSS of a whole-mandate PDF of {PDF_OBJECTIVES:,} objectives")
    slug = f"gen-{MANDATES + 2}"
    manage(
        "generate_data",
        "--mandates",
        "1",
        "--first",
        str(MANDATES + 2),
        "--themes",
        "10",
        "--objectives",
        str(PDF_OBJECTIVES // 10),
        "--updates",
        str(FEW_UPDATES),
        "--seed",
        "1",
    )
    m = pdf_peak(f"/mandates/{slug}/summary.pdf")
    peak = m["peak_kib"] / 1024
    say(
        f"pdf, {PDF_OBJECTIVES:,} objectives: peak RSS {peak:.1f} MiB (budget "
        f"{PDF_BUDGET_MIB} MiB: {'met' if peak <= PDF_BUDGET_MIB else 'NOT met'}), "
        f"{m['seconds']:.1f} s, {m['bytes']:,} bytes"
    )


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = Path("/proc/loadavg").read_text().split()[:3]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} memory; "
        f"load average {' '.join(load)}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run me with bench/run.sh (a throwaway PostgreSQL in DATABASE_URL).")
    os.environ.update(PRODUCTION_ENV)
    # The collected static files and the server's log, for this run only.
    run_dir = tempfile.mkdtemp(prefix="mandate-bench-")
    os.environ["BENCH_RUN_DIR"] = run_dir
    os.environ["STATIC_ROOT"] = str(Path(run_dir) / "static")
    try:
        run()
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def run() -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    say(f"Machine: {machine()}")
    objectives = MANDATES * THEMES * OBJECTIVES
    say(
        f"Large scale: {MANDATES} mandates x {THEMES} themes x {OBJECTIVES} objectives = "
        f"{objectives:,} objectives, {UPDATES} updates each = {objectives * UPDATES:,} updates"
    )

    heading("Set up: migrate, collect static files, load the fixtures")
    manage("migrate", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_mandate", *FIXTURES)
    django_setup()

    heading("Queries per page, small scale: the fixtures, and 3 updates on one objective")
    record_progress(3)
    own_objectives("hee-2021-22")
    small = count_queries([url for _, url in PAGES])

    heading("Generate the large data set")
    manage(
        "generate_data",
        "--mandates",
        str(MANDATES),
        "--themes",
        str(THEMES),
        "--objectives",
        str(OBJECTIVES),
        "--updates",
        str(UPDATES),
        "--seed",
        "1",
    )
    record_progress(UPDATES - 3)
    own_objectives("gen-1")
    analyze()

    heading(
        f"Queries per page: small scale, and large ({objectives:,} more objectives, "
        f"{UPDATES} updates on objective 3)"
    )
    large = count_queries([url for _, url in PAGES])
    equal = small == large
    say(f"{'page':<20} {'small':>6} {'large':>6}")
    for name, url in PAGES:
        mark = "" if small[url] == large[url] else "  <-- differs"
        say(f"{name:<20} {small[url]:>6} {large[url]:>6}{mark}")
    say(f"Query counts equal at both scales: {'yes' if equal else 'NO'}")
    generated = count_queries([BIG_OBJECTIVE, BIG_THEME, f"{BIG_THEME}summary.xlsx"])
    say(
        "The generated pages the load test reads: "
        + ", ".join(f"{url} {n} queries" for url, n in generated.items())
    )

    heading(
        f"Load: gunicorn, 2 workers; wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s per page "
        f"(after a {WARM_SECONDS} s warm-up), 127.0.0.1 only"
    )
    cookie = session_cookie()
    # Nothing is kept between requests: every page is made for each one. The list is also
    # read at a new address each request, every one of its pages in turn, as a check.
    list_pages = -(-(objectives + 37) // 25)
    targets = [
        ("floor", "/bench/floor", 0),
        ("objectives list", "/objectives/", 0),
        ("list, every page", "/objectives/", list_pages),
        ("admin objective list", "/admin/objectives/objective/", 0),
        ("objective page", BIG_OBJECTIVE, 0),
        ("theme page", BIG_THEME, 0),
        ("home", "/", 0),
        ("theme XLSX export", f"{BIG_THEME}summary.xlsx", 0),
        ("quarterly return", "/return/", 0),
    ]
    results: list[Load] = []
    with Server() as server:
        for name, path, new_address_pages in targets:
            results.append(load(name, server.base + path, cookie, new_address_pages))
            r = results[-1]
            say(f"  {name}: {r.rate:.0f} req/s")
    floor = results[0].rate
    say(
        f"{'page':<22} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'x floor':>8} "
        f"{'errors':>6} {'bytes':>8}"
    )
    for r in results:
        say(
            f"{r.name:<22} {r.rate:>7.0f} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f} "
            f"{r.rate / floor:>8.2f} {r.errors:>6} {r.size:>8}"
        )
    by_name = {r.name: r for r in results}
    admin = by_name["admin objective list"]
    listing = by_name["objectives list"]
    say(
        f"objectives list: {listing.rate / floor:.2f} x the floor (goal 0.2 or more): "
        f"{'met' if listing.rate >= 0.2 * floor else 'NOT met'}; "
        f"{listing.rate / admin.rate:.2f} x the admin's list of 25 (goal 3 or more): "
        f"{'met' if listing.rate >= 3 * admin.rate else 'NOT met'}"
    )
    for name in ("home", "objective page"):
        page = by_name[name]
        say(
            f"{name}: {page.rate / floor:.2f} x the floor (goal 0.15 or more): "
            f"{'met' if page.rate >= 0.15 * floor else 'NOT met'}"
        )

    heading("Peak memory of the largest exports: 100 and 10 updates per objective")
    few = f"gen-{MANDATES + 1}"
    manage(
        "generate_data",
        "--mandates",
        "1",
        "--first",
        str(MANDATES + 1),
        "--themes",
        str(THEMES),
        "--objectives",
        str(OBJECTIVES),
        "--updates",
        str(FEW_UPDATES),
        "--seed",
        "1",
    )
    analyze()
    formats = ["xlsx"] if os.environ.get("BENCH_SKIP_PDF") else ["xlsx", "pdf"]
    say(
        f"Whole-mandate summaries of {THEMES * OBJECTIVES:,} objectives, each in a fresh "
        "process, after one small export of the same format to load its libraries:"
    )
    say(f"{'export':<8} {'updates/objective':>18} {'peak RSS growth':>16} {'s':>6} {'bytes':>10}")
    for fmt in formats:
        growth = {}
        for slug, per in (("gen-1", UPDATES), (few, FEW_UPDATES)):
            m = export_memory(
                f"/mandates/{slug}/summary.{fmt}", f"/mandates/hee-2021-22/summary.{fmt}"
            )
            growth[per] = m["growth_kib"]
            say(
                f"{fmt:<8} {per:>18} {m['growth_kib'] / 1024:>13.1f} MiB "
                f"{m['seconds']:>6.1f} {m['bytes']:>10,}"
            )
        ratio = growth[UPDATES] / max(growth[FEW_UPDATES], 1)
        say(
            f"  {fmt}: {UPDATES} against {FEW_UPDATES} updates per objective: {ratio:.2f} x the "
            f"memory ({'does not grow with the updates' if ratio < 1.25 else 'GROWS'})"
        )
    if not os.environ.get("BENCH_SKIP_PDF"):
        pdf_peak_step()
    say()
    say(f"Machine at the end: {machine()}")
    say(f"Benchmark took {(time.perf_counter() - started) / 60:.1f} min")
    if not equal:
        raise SystemExit("A page's query count grew with the data.")


if __name__ == "__main__":
    main()

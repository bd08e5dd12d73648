"""A mixed load of people reading and writing, for a bounded time and number of requests.

Readers go round the home page, the objectives list with filters, objective pages, theme
pages, a CSV summary and a stylesheet. Writers record progress on objectives of their own
and figures against targets, each with a narrative or a date no other write uses, so that
every write the app confirmed (a redirect to the objective) can be looked for afterwards.
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tests.load.webclient import (
    Browser,
    ConnectionFailed,
    Recorder,
    Sample,
    form_fields,
    percentile,
)

LIST_FILTERS = [
    "/objectives/",
    "/objectives/?page=2",
    "/objectives/?mandate=hee-2021-22",
    "/objectives/?q=nurses",
    "/objectives/?mandate=hee-2017-18&status=none",
    "/objectives/?status=on_track",
    "/objectives/?overdue=true",
]
CSV_EXPORTS = [
    "/mandates/hee-2021-22/themes/2/summary.csv",
    "/mandates/hee-2017-18/summary.csv",
]
READS = ["home", "list", "objective", "theme", "csv", "static"]
READ_WEIGHTS = [2, 3, 4, 2, 1, 2]
LOGINS_AT_ONCE = 4  # each login hashes a password (PBKDF2): most of a second of CPU


@dataclass(frozen=True)
class Write:
    kind: str  # "progress" or "figure"
    key: str  # the narrative, or "<target>/<date>"
    status: int  # of the POST; 0 when the connection failed
    location: str
    started: float


@dataclass
class Site:
    """What the readers and writers find by following the pages' links."""

    objectives: list[str]
    themes: list[str]
    stylesheets: list[str]
    figure_forms: list[str]


@dataclass
class Workload:
    base_url: str
    usernames: list[str]
    password: str
    readers: int
    writers: int
    progress_objectives: list[str]  # objective pages whose record form the writers use
    figure_objectives: list[str]  # objective pages whose targets the writers add figures to
    first_figure_day: datetime.date
    max_requests: int
    seed: int = 1
    pause_after_failure: float = 0.05
    recorder: Recorder = field(default_factory=Recorder)
    writes: list[Write] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._figure_days = itertools.count()
        self._narratives = itertools.count()
        self._threads: list[threading.Thread] = []
        self.browsers: list[Browser] = []

    # -- setting up -------------------------------------------------------------------

    def log_in(self) -> None:
        """Each client logs in through the form, a session of its own; a few at a time."""
        count = self.readers + self.writers
        if count > len(self.usernames):
            raise ValueError("not enough users")
        self.browsers = [Browser(self.base_url, self.recorder) for _ in range(count)]
        gate = threading.Semaphore(LOGINS_AT_ONCE)
        problems: list[str] = []

        def log_in(browser: Browser, username: str) -> None:
            try:
                with gate:
                    browser.log_in(username, self.password)
            except Exception as error:
                problems.append(f"{username}: {error!r}")

        threads = [
            threading.Thread(target=log_in, args=(browser, username), daemon=True)
            for browser, username in zip(self.browsers, self.usernames, strict=False)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        if problems or any(thread.is_alive() for thread in threads):
            raise AssertionError(f"Logging in failed: {problems}")
        self.site = self.discover(self.browsers[0])

    def discover(self, browser: Browser) -> Site:
        home = browser.get("/", kind="home").text
        listed = browser.get("/objectives/", kind="list").text
        listed += browser.get("/objectives/?page=2", kind="list").text
        figure_forms: list[str] = []
        for page in self.figure_objectives:
            text = browser.get(page, kind="objective").text
            figure_forms += re.findall(r'href="(/targets/\d+/measurements/record/)"', text)
        site = Site(
            objectives=sorted(
                set(re.findall(r'href="(/mandates/[\w-]+/objectives/[\w.]+/)"', listed))
            ),
            themes=sorted(set(re.findall(r'href="(/mandates/[\w-]+/themes/\d+/)"', home))),
            stylesheets=sorted(set(re.findall(r'href="(/static/[^"]+\.css)"', home))),
            figure_forms=sorted(set(figure_forms)),
        )
        if not (site.objectives and site.themes and site.stylesheets):
            raise AssertionError(f"Found too little to read: {site}")
        if self.figure_objectives and not site.figure_forms:
            raise AssertionError(f"No 'record a figure' links on {self.figure_objectives}")
        return site

    # -- running ----------------------------------------------------------------------

    def start(self) -> None:
        for n, browser in enumerate(self.browsers):
            writer = n >= self.readers
            thread = threading.Thread(
                target=self._client,
                args=(browser, random.Random(self.seed * 1000 + n), writer),  # noqa: S311
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def finish(self, timeout: float = 60) -> None:
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            raise AssertionError("Clients still running after the load was stopped")

    def run_for(self, seconds: float) -> None:
        self.start()
        self.stop.wait(seconds)
        self.finish()

    def _spent(self) -> bool:
        return self.stop.is_set() or len(self.recorder.samples) >= self.max_requests

    def _client(self, browser: Browser, rng: random.Random, writer: bool) -> None:
        turn = 0
        while not self._spent():
            try:
                if writer and turn % 2 == 0:
                    self._record_progress(browser, rng)
                elif writer and self.site.figure_forms:
                    self._record_figure(browser, rng)
                else:
                    self._read(browser, rng)
            except ConnectionFailed:
                time.sleep(self.pause_after_failure)
            except Exception as error:
                with self._lock:
                    self.failures.append(f"{type(error).__name__}: {error}")
                time.sleep(self.pause_after_failure)
            turn += 1

    def _read(self, browser: Browser, rng: random.Random) -> None:
        kind = rng.choices(READS, READ_WEIGHTS)[0]
        path = {
            "home": lambda: "/",
            "list": lambda: rng.choice(LIST_FILTERS),
            "objective": lambda: rng.choice(self.site.objectives),
            "theme": lambda: rng.choice(self.site.themes),
            "csv": lambda: rng.choice(CSV_EXPORTS),
            "static": lambda: rng.choice(self.site.stylesheets),
        }[kind]()
        response = browser.get(path, kind=kind)
        if response.status >= 500:
            time.sleep(self.pause_after_failure)

    def _write(self, browser: Browser, kind: str, form_path: str, key: str, **fields: str) -> None:
        form = browser.get(form_path, kind=f"{kind}-form")
        if form.status != 200:
            time.sleep(self.pause_after_failure)
            return
        data = form_fields(form.text, form_path) | fields
        started = time.monotonic()
        try:
            response = browser.post(form_path, data, kind=kind)
        except ConnectionFailed:
            with self._lock:
                self.writes.append(Write(kind, key, 0, "", started))
            raise
        with self._lock:
            self.writes.append(Write(kind, key, response.status, response.location, started))
        if response.status == 302:
            browser.get(response.location, kind="objective")  # as a browser follows it
        else:
            time.sleep(self.pause_after_failure)

    def _record_progress(self, browser: Browser, rng: random.Random) -> None:
        objective = rng.choice(self.progress_objectives)
        with self._lock:
            n = next(self._narratives)
        narrative = f"Load seed {self.seed}, write {n}: progress as the load runs."
        self._write(browser, "progress", f"{objective}record/", narrative, narrative=narrative)

    def _record_figure(self, browser: Browser, rng: random.Random) -> None:
        form_path = rng.choice(self.site.figure_forms)
        with self._lock:
            day = self.first_figure_day + datetime.timedelta(days=next(self._figure_days))
        target = form_path.split("/")[2]
        self._write(
            browser,
            "figure",
            form_path,
            f"{target}/{day.isoformat()}",
            # The date in the form's own three boxes (the NHS.UK date input), as typed.
            measured_on_day=str(day.day),
            measured_on_month=str(day.month),
            measured_on_year=str(day.year),
            value=str(1000 + day.toordinal() % 1000),
            note="Load test",
        )

    # -- reading the outcome ----------------------------------------------------------

    def samples(self) -> list[Sample]:
        return self.recorder.snapshot()

    def confirmed_writes_missing(self, report: dict[str, list[dict[str, str]]]) -> list[Write]:
        """The writes answered with a redirect that the database does not hold."""
        narratives = Counter(u["narrative"] for u in report["updates"])
        figures = {f"{m['target']}/{m['measured_on']}" for m in report["measurements"]}
        missing = []
        for write in self.writes:
            if write.status != 302:
                continue
            held = narratives[write.key] == 1 if write.kind == "progress" else write.key in figures
            if not held:
                missing.append(write)
        return missing


def summary(samples: list[Sample]) -> str:
    """Requests in all and by kind, statuses, and the median and 95th percentile latency."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    lines = []
    for kind, group in [("all", samples), *sorted(by_kind.items())]:
        statuses = Counter(str(s.status) if s.status else "conn-error" for s in group)
        times = [s.elapsed * 1000 for s in group]
        lines.append(
            f"  {kind:<16}{len(group):>6}  p50 {percentile(times, 0.5):>6.0f} ms"
            f"  p95 {percentile(times, 0.95):>6.0f} ms  "
            + " ".join(f"{status}:{count}" for status, count in sorted(statuses.items()))
        )
    return "\n".join(lines)

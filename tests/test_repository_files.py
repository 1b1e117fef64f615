"""The contributor-facing repository files parse and name commands that exist."""

from __future__ import annotations

import shlex
import subprocess

import pytest
import yaml

from generator.cli import _parser


def _generator_commands(text: str):
    for line in text.splitlines():
        if "-m generator" in line:
            words = shlex.split(line.split("-m generator", 1)[1])
            yield words


KNOWN_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "actions/configure-pages@v5",
}


def _steps(repo_root, name: str) -> list[dict]:
    workflow = yaml.safe_load((repo_root / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("name", ["pull-request.yml", "pages.yml"])
def test_every_command_a_workflow_runs_exists(repo_root, name):
    steps = _steps(repo_root, name)
    assert {step["uses"] for step in steps if "uses" in step} <= KNOWN_ACTIONS
    runs = [step["run"] for step in steps if "run" in step]
    assert runs
    for run in runs:
        words = shlex.split(run)
        if words[0] == "make":
            dry = subprocess.run(["make", "-n", *words[1:]], cwd=repo_root, capture_output=True, text=True)
            assert dry.returncode == 0, (run, dry.stderr)
        elif words[0].startswith("scripts/"):
            assert (repo_root / words[0]).is_file(), run
        else:
            assert words[:3] == [".venv/bin/python", "-m", "generator"], run
            _parser().parse_args(words[3:])  # exits 2 on an unknown command or option


def _jobs(repo_root, name: str) -> dict[str, list[dict]]:
    workflow = yaml.safe_load((repo_root / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return {job: spec["steps"] for job, spec in workflow["jobs"].items()}


def test_pull_requests_are_checked_built_and_tested(repo_root):
    jobs = _jobs(repo_root, "pull-request.yml")
    check_runs = "\n".join(step.get("run", "") for step in jobs["check"])
    assert "check --format github --strict" in check_runs and "make test" in check_runs
    preview_runs = "\n".join(step.get("run", "") for step in jobs["preview"])
    assert "build --strict --zip site.zip" in preview_runs
    uploads = [step for step in jobs["preview"] if step.get("uses", "").startswith("actions/upload-")]
    assert uploads[0]["with"]["path"] == "site.zip"


def test_the_preview_is_built_by_trusted_code_and_no_checkout_keeps_credentials(repo_root):
    jobs = _jobs(repo_root, "pull-request.yml")
    for job, steps in jobs.items():
        for step in steps:
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False, job
    trusted, pulled = [s for s in jobs["preview"] if s.get("uses", "").startswith("actions/checkout")]
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha || github.sha }}"
    assert "path" not in trusted["with"] and pulled["with"]["path"] == ".pull-request"
    runs = [step.get("run", "") for step in jobs["preview"]]
    take = runs.index("scripts/take-content .pull-request")
    assert take < runs.index("make .venv/.installed")  # installed from the trusted tree, after the swap


def test_take_content_takes_content_alone(repo_root, tmp_path):
    tree = tmp_path / "tree"
    (tree / "scripts").mkdir(parents=True)
    (tree / "content" / "stories").mkdir(parents=True)
    (tree / "generator.py").write_text("trusted", encoding="utf-8")
    subprocess.run(["cp", str(repo_root / "scripts" / "take-content"), str(tree / "scripts")], check=True)
    pulled = tree / ".pull-request"
    (pulled / "content" / "stories").mkdir(parents=True)
    (pulled / "content" / "stories" / "new.md").write_text("story", encoding="utf-8")
    (pulled / "generator.py").write_text("changed by the pull request", encoding="utf-8")
    (pulled / "content" / "link").symlink_to("/etc/passwd")
    result = subprocess.run(
        ["scripts/take-content", ".pull-request"], cwd=tree, capture_output=True, text=True, check=True
    )
    assert result.stdout == "content/ taken from .pull-request; its other files removed\n"
    assert (tree / "content" / "stories" / "new.md").read_text(encoding="utf-8") == "story"
    assert (tree / "content" / "link").is_symlink()  # kept as a link, for check to refuse
    assert (tree / "generator.py").read_text(encoding="utf-8") == "trusted"
    assert not pulled.exists()


def test_main_is_published_with_pages(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    upload = [
        s for s in workflow["jobs"]["build"]["steps"] if s.get("uses") == "actions/upload-pages-artifact@v3"
    ]
    assert upload[0]["with"]["path"] == "site"


def test_pre_commit_hooks_run_check_on_content(repo_root):
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        text = (repo_root / name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        hooks = data if isinstance(data, list) else data["repos"][0]["hooks"]
        assert hooks[0]["files"] == "^content/"
        commands = list(_generator_commands(text))
        assert [words[0] for words in commands] == ["check"], name
        for words in commands:
            _parser().parse_args(words)

"""The contributor-facing repository files parse and name commands that exist."""

from __future__ import annotations

import shlex

import yaml

from generator.cli import _parser


def _generator_commands(text: str):
    for line in text.splitlines():
        if "-m generator" in line:
            words = shlex.split(line.split("-m generator", 1)[1])
            yield words


def test_workflow_parses_and_its_commands_exist(repo_root):
    workflow = yaml.safe_load((repo_root / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "check --format github" in runs
    commands = list(_generator_commands(runs))
    assert commands
    for words in commands:
        _parser().parse_args(words)  # exits 2 on an unknown command or option
    makefile = (repo_root / "Makefile").read_text(encoding="utf-8")
    assert "\ntest:" in makefile and "make test" in runs


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

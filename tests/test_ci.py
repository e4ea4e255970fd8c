"""CI가 하나인지: GitHub Actions의 작업들이 .ci/run의 단계를 그대로 부르고, 설정은 한 곳에만 있습니다.

- .ci/run의 모든 단계가 ci.yml의 어느 작업에서 불리고, ci.yml은 없는 단계를 부르지 않습니다.
- 윈도우와 macOS(애플 실리콘) 작업이 setup, doctor, test(단위 테스트 + 모든 노트북의 nbval)를 돌립니다.
- drift.yml은 고정 버전만 바꾸고 CI와 같은 명령을 돌립니다(pytest 설정을 다시 적지 않음).
- PyTorch CPU 색인 주소는 tools/project.py 한 곳에만 있습니다(binder/requirements.txt는 sync가 그것으로 씀).
- pre-commit 훅은 운영 체제마다 다른 .venv/bin 경로를 적지 않습니다. 워크플로는 스키마와 zizmor를 통과합니다.
"""

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import colab, drift, notebooks, project

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def ci_steps():
    """.ci/run의 STEPS=(…) 목록."""
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    return re.search(r"^STEPS=\((.*)\)$", text, re.M).group(1).split()


def workflow_runs(name):
    """워크플로 파일의 `bash .ci/run 단계…` 호출마다 단계 목록."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    return [line.split() for line in re.findall(r"run: bash \.ci/run([^\n]*)", text)]


def test_github_runs_every_ci_step_and_nothing_else():
    assert "colab-check" in ci_steps() and "setup" in ci_steps() and "doctor" in ci_steps()
    called = [step for run in workflow_runs("ci.yml") for step in run]
    assert set(called) == set(ci_steps()), "ci.yml과 .ci/run의 단계가 다릅니다"
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    # .ci/run을 거치지 않는 명령은 린트(ruff, pre-commit, 워크플로 검사)와 태그의 배포 점검뿐입니다.
    direct = re.findall(r"run: python3? course\.py (\S+)", text)
    assert direct == ["release-check"]


def test_ci_run_refuses_an_unknown_step():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash가 없습니다")
    done = subprocess.run([bash, ROOT / ".ci" / "run", "no-such-step"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "알 수 없는 단계 'no-such-step'" in done.stderr and "colab-check" in done.stderr


def test_windows_and_macos_jobs_run_setup_doctor_and_every_notebook():
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    job = text[text.index("  platforms:") : text.index("  e2e:")]
    assert re.search(r"os: \[windows-\d+, macos-\d+\]", job)
    assert "shell: bash" in job and "PYTHON: python" in job
    assert re.findall(r"run: bash \.ci/run([^\n]*)", job) == [" setup doctor test"]
    # test = python3 course.py test = 단위 테스트 + notebooks/와 solutions/의 nbval 엄격 모드(pyproject.toml)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'testpaths = ["tests", "notebooks", "solutions"]' in pyproject and '"--nbval",' in pyproject


def test_every_python_step_runs_after_setup_python():
    """러너의 기본 python3(우분투 22.04는 3.10)에는 tomllib이 없어 코스 도구가 돌지 않습니다."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        for job in re.split(r"\n  (?=[a-z-]+:\n)", text.split("\njobs:\n", 1)[1]):
            steps = job.split("\n      - ")
            ready = False
            for step in steps[1:]:
                ready = ready or "actions/setup-python@" in step
                runs = (
                    re.findall(r"\b(python3?|\.venv/bin/python) ", step.split("run:", 1)[1]) if "run:" in step else []
                )
                assert ready or not runs, f"{path.name}: setup-python보다 먼저 파이썬을 씁니다:\n{step}"


def test_drift_changes_only_the_pins():
    text = (WORKFLOWS / "drift.yml").read_text(encoding="utf-8")
    commands = re.findall(r"run: (.*)", text)
    assert commands == [
        'python3 -m tools.drift requirements.txt | tee -a "$GITHUB_STEP_SUMMARY"',
        "python3 course.py test --nbval-lax",
    ]
    assert "addopts" not in text and "--nbval-current-env" not in text and "download.pytorch.org" not in text


def test_drift_repins_only_the_versions():
    text = "# 주석\ntorch==2.13.0\nnumpy==2.4.6  # 넘파이\n\nkoreanize-matplotlib==0.1.1\n"
    new = drift.repin(text, {"torch": "2.14.0", "koreanize-matplotlib": "0.2.0"})
    assert new == "# 주석\ntorch==2.14.0\nnumpy==2.4.6  # 넘파이\n\nkoreanize-matplotlib==0.2.0\n"


def test_cpu_index_has_one_home():
    """CPU 색인 주소는 tools/project.py에만 적고, binder/requirements.txt는 sync가 그 값으로 씁니다."""
    tracked = subprocess.run(["git", "-C", ROOT, "ls-files"], capture_output=True, text=True).stdout.split()
    holders = [
        name
        for name in tracked
        if (ROOT / name).is_file()
        and not name.startswith("colab/runtimes/")  # Colab이 공개한 목록(그대로 기록한 자료)
        and Path(name).suffix in (".py", ".yml", ".yaml", ".toml", ".txt", ".cfg", "")
        and project.CPU_INDEX in (ROOT / name).read_text(encoding="utf-8", errors="replace")
    ]
    assert set(holders) <= {"tools/project.py", colab.BINDER_REQUIREMENTS}, holders
    assert (ROOT / colab.BINDER_REQUIREMENTS).read_text(encoding="utf-8") == colab.binder_requirements()


def test_binder_installs_cpu_torch_and_the_pinned_requirements():
    lines = [ln for ln in colab.binder_requirements().splitlines() if ln and not ln.startswith("#")]
    assert lines == [f"--extra-index-url {project.CPU_INDEX}", "-r ../requirements.txt"]
    assert (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() in ("python-3.11", "python-3.12")


def test_pre_commit_hooks_do_not_hard_code_a_venv_layout():
    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"entry: (.*)", text)
    assert entries and all(e.startswith("python -m tools.devtool ") for e in entries)
    assert ".venv/bin" not in "\n".join(entries) and "language: system" not in text


def test_devtool_names_the_missing_environment_in_korean(tmp_path, monkeypatch, capsys):
    from tools import devtool

    monkeypatch.setenv("COURSE_VENV", str(tmp_path / "no-venv"))
    assert devtool.main(["ruff", "--version"]) == 1
    err = capsys.readouterr().err
    assert "코스 환경" in err and "python3 course.py setup" in err and "requirements-dev.txt" in err
    with pytest.raises(SystemExit) as stop:
        devtool.main(["rm", "-rf"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "'rm'는 없습니다" in err and "nbstripout" in err and "error:" not in err


def missing_dev_tool(name):
    """개발 도구가 없을 때: 손으로 돌리면 건너뛰고, CI에서는 실패합니다(.ci/run의 test 단계가 설치하므로)."""
    message = f"{name}이 없습니다(requirements-dev.txt)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} .ci/run의 test 단계가 코스 환경에 설치해야 합니다.")
    pytest.skip(message)


def test_pre_commit_keeps_the_metadata_that_recording_keeps():
    """pre-commit의 nbstripout(지울 키 목록)과 기록(tools/notebooks.clean_metadata, project.KEPT_*)을 같은 노트북에
    실제로 돌려 남는 메타데이터를 비교합니다: 어긋나면 두 도구가 커밋할 때마다 서로 고칩니다."""
    try:
        from nbstripout import _utils as strip
    except ImportError:
        missing_dev_tool("nbstripout")
    import nbformat

    text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    extra_keys = re.search(r"- --extra-keys\n\s*- >-\n(.*?)\n\s*types:", text, re.S).group(1).split()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    kept = {
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "python"}},
        "cell.metadata": {"tags": ["raises-exception"], **project.SETUP_CELL_METADATA},
    }
    trace = copy.deepcopy(kept)
    for key in extra_keys:  # 목록의 키마다 편집기·Colab의 흔적을 하나씩 넣습니다
        where, _, dotted = key.rpartition("metadata.")  # "cell.metadata.id" → ("cell.", "id")
        *parents, last = dotted.split(".")
        node = trace[f"{where}metadata"]
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = "흔적"
    nb.metadata = nbformat.from_dict(trace["metadata"])
    nb.cells[0].metadata = nbformat.from_dict(trace["cell.metadata"])
    stripped = strip.strip_output(copy.deepcopy(nb), True, True, True, extra_keys=extra_keys)
    recorded = copy.deepcopy(nb)
    notebooks.clean_metadata(recorded)
    assert stripped.metadata == recorded.metadata
    assert stripped.cells[0].metadata == recorded.cells[0].metadata
    assert recorded.metadata == kept["metadata"] and recorded.cells[0].metadata == kept["cell.metadata"]  # 흔적만 지움


@pytest.mark.parametrize("tool", ["check-jsonschema", "zizmor"])
def test_workflows_pass_schema_and_zizmor(tool):
    exe = Path(sys.executable).parent / tool
    if not exe.is_file() and shutil.which(tool) is None:
        missing_dev_tool(tool)
    exe = exe if exe.is_file() else shutil.which(tool)
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    schema = [exe, "--builtin-schema", "vendor.github-workflows", *files]
    cmd = schema if tool == "check-jsonschema" else [exe, "--offline", WORKFLOWS]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

"""코스의 모델(tools/project.py): 설정 읽기와 그 한국어 오류, 노트북의 읽는 순서와 제목, keep-list, 주소.

임시 저장소(tmp_path)에 pyproject.toml과 노트북을 만들어 root 인수로 넘깁니다(저장소의 파일은 건드리지 않음).
"""

import json

import pytest

from tools import project


def pyproject(root, text):
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def notebook(path, *markdown):
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    return path


def test_settings_reads_the_course_table(tmp_path):
    pyproject(tmp_path, '[tool.course]\ngithub = "me/course"\nref = "v2.0"\n')
    assert project.settings(tmp_path) == ("me/course", "v2.0")
    assert project.settings(tmp_path).github == "me/course"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[project]\nname = "x"\n', '[tool.course] 표(github = "소유자/이름", ref = "버전")가 없습니다'),
        ('[tool.course]\ngithub = "me/course"\n', "[tool.course]에 ref가 없습니다. `python3 course.py set-repo"),
        ('[tool.course]\nref = "v1"\n', "[tool.course]에 github가 없습니다"),
        ("[tool.course]\n", "[tool.course]에 github, ref가 없습니다"),
        ("[tool.course\n", "를 읽지 못했습니다"),
    ],
)
def test_settings_says_in_korean_what_is_missing(tmp_path, text, expected):
    with pytest.raises(SystemExit) as stop:
        project.settings(pyproject(tmp_path, text))
    assert expected in str(stop.value) and "pyproject.toml" in str(stop.value)


def test_settings_without_a_pyproject_says_where_to_run(tmp_path):
    with pytest.raises(SystemExit, match="pyproject.toml가 없습니다. 저장소 폴더에서 실행하세요"):
        project.settings(tmp_path)


def test_the_repository_settings_are_readable():
    github, ref = project.settings()
    assert "/" in github and ref


def test_notebooks_are_in_reading_order_lessons_then_solutions(tmp_path):
    for name in ("notebooks/10_b.ipynb", "notebooks/02_a.ipynb", "solutions/02_solutions.ipynb", "notebooks/x.txt"):
        notebook(tmp_path / name)
    names = [project.relpath(p, tmp_path) for p in project.notebook_paths(tmp_path)]
    assert names == ["notebooks/02_a.ipynb", "notebooks/10_b.ipynb", "solutions/02_solutions.ipynb"]
    assert project.lesson_paths(tmp_path) == project.notebook_paths(tmp_path)[:2]
    assert project.solution_paths(tmp_path) == project.notebook_paths(tmp_path)[2:]


def test_the_course_has_a_lesson_and_a_solution_for_each_number():
    lessons = [p.name[:2] for p in project.lesson_paths()]
    assert lessons == sorted(lessons) and lessons == [p.name[:2] for p in project.solution_paths()]


def test_title_is_the_first_heading_of_the_first_markdown_cell(tmp_path):
    path = notebook(tmp_path / "a.ipynb", "배지 줄\n# 03 손실 함수\n본문", "# 다른 제목")
    assert project.title(path) == "03 손실 함수"
    assert project.title(notebook(tmp_path / "04_x.ipynb", "제목 없음", "# 둘째 셀")) == "04_x"


def test_kept_keeps_only_the_keep_list():
    metadata = {
        "tags": ["raises-exception"],
        "colab": {"id": "x"},
        "jupyter": {"source_hidden": True, "outputs_hidden": True},
        "cellView": "form",
    }
    assert project.kept(metadata, project.KEPT_CELL_METADATA) == {
        "tags": ["raises-exception"],
        "cellView": "form",
        "jupyter": {"source_hidden": True},
    }
    assert project.kept({"jupyter": {"outputs_hidden": True}, "tags": []}, project.KEPT_CELL_METADATA) == {}
    notebook_metadata = {"kernelspec": {"name": "python3"}, "language_info": {"name": "python", "version": "3.11"}}
    assert project.kept(notebook_metadata, project.KEPT_NOTEBOOK_METADATA) == {
        "kernelspec": {"name": "python3"},
        "language_info": {"name": "python"},
    }


def test_addresses_come_from_the_settings():
    rel = "notebooks/03_loss.ipynb"
    assert (
        project.colab_url("me/course", "v1.0", rel)
        == "https://colab.research.google.com/github/me/course/blob/v1.0/notebooks/03_loss.ipynb"
    )
    assert project.kaggle_url("me/course", "v1.0", rel) == (
        "https://kaggle.com/kernels/welcome?src=https://github.com/me/course/blob/v1.0/notebooks/03_loss.ipynb"
    )
    assert project.site_url("me/course") == "https://me.github.io/course/"

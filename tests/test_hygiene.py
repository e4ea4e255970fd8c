"""노트북 위생 검사: 커밋된 노트북이 깨끗하고 작으며 처음부터 끝까지 차례로 기록되었는지 확인합니다.

검사 대상은 모으는 시점의 notebooks/*.ipynb와 solutions/*.ipynb 전부라서 새 노트북도 저절로 검사됩니다.
실패하면 `python3 course.py record 노트북.ipynb`로 다시 기록하세요(기록이 메타데이터도 정리합니다).
"""

import json
import re

import pytest

from tools import project

ROOT = project.ROOT
NOTEBOOK_PATHS = project.notebook_paths()

SIZE_BUDGET = 300 * 1024  # 노트북 한 권의 크기 한도(바이트). 그림은 기본 크기와 dpi로 그립니다.
# 기록(tools/notebooks.py의 clean_metadata)이 남기는 것(tools/project.py의 keep-list)만 허용합니다. pre-commit의
# nbstripout 훅이 같은 것을 남기는지는 tests/test_ci.py가 두 도구를 실제로 돌려 봅니다.
NOTEBOOK_METADATA_KEYS = set(project.KEPT_NOTEBOOK_METADATA)
# 준비 셀(첫 코드 셀)만 접어 두는 표시를 가집니다: Colab의 cellView, JupyterLab의 source_hidden.
SETUP_CELL_METADATA = project.SETUP_CELL_METADATA
CELL_METADATA_KEYS = set(project.KEPT_CELL_METADATA) - set(SETUP_CELL_METADATA)  # 그 밖의 셀: 태그만
ERROR_TAG = "raises-exception"  # 일부러 오류를 보여 주는 셀의 태그(nbval도 이 태그를 압니다).
TEXT_MIME = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml", "application/json")
# 출력에 있으면 안 되는 것: 이 컴퓨터의 절대 경로(사용자 이름이 드러남)와 메모리 주소.
FORBIDDEN = {
    "절대 경로": re.compile(r"/work/|/root/|/home/|/Users/|[A-Za-z]:\\\\?Users\\\\?|site-packages"),
    "메모리 주소": re.compile(r"0x[0-9a-fA-F]{6,}"),
    # 계산 그래프의 노드 이름은 helpers가 n0, n1, …로 바꿉니다(id() 숫자가 남으면 다시 기록할 때마다 바뀜).
    "torchviz의 id() 노드 번호": re.compile(r"<title>\d{6,}"),
}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def output_texts(output):
    """출력 하나에서 사람이 읽는 글자(스트림, 텍스트 형식의 data, 오류 메시지)를 모두 꺼냅니다."""
    if output["output_type"] == "stream":
        yield output["text"] if isinstance(output["text"], str) else "".join(output["text"])
    elif output["output_type"] == "error":
        yield output.get("evalue", "")
        yield from output.get("traceback", [])
    for mime in TEXT_MIME:
        value = output.get("data", {}).get(mime)
        if isinstance(value, list):
            value = "".join(value)
        elif value is not None and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        if value is not None:
            yield value


def code_cells(nb):
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


pytestmark = pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOK_PATHS])


def test_format_and_kernel(path):
    nb = load(path)
    assert nb["nbformat"] == 4, f"nbformat {nb['nbformat']} — nbformat 4로 저장하세요."
    kernelspec = nb["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", (
        f"kernelspec.name이 {kernelspec.get('name')!r}입니다. 'python3'이어야 합니다."
    )
    assert kernelspec.get("language") == "python"


def test_metadata_is_clean(path):
    nb = load(path)
    extra = set(nb["metadata"]) - NOTEBOOK_METADATA_KEYS
    assert not extra, f"노트북 메타데이터에 편집기·Colab 흔적 {sorted(extra)}이 있습니다. 다시 기록하세요."
    language_info = nb["metadata"].get("language_info", {})
    assert language_info in ({}, {"name": "python"}), f"language_info에 버전 같은 흔적이 있습니다: {language_info}"
    setup_cell = next(i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code")
    for i, cell in enumerate(nb["cells"]):
        metadata = dict(cell.get("metadata", {}))
        if i == setup_cell:
            folded = {k: metadata.pop(k, None) for k in SETUP_CELL_METADATA}
            assert folded == SETUP_CELL_METADATA, f"준비 셀(셀 {i})이 접혀 있지 않습니다: `python3 course.py sync`"
        extra = set(metadata) - CELL_METADATA_KEYS
        assert not extra, f"셀 {i}의 메타데이터에 {sorted(extra)}이 있습니다. 태그(tags)만 남기세요."
        if cell["cell_type"] == "markdown":
            assert not cell.get("attachments"), f"셀 {i}(마크다운)에 첨부 그림이 있습니다. 파일로 두고 링크하세요."


def test_executed_in_order(path):
    counts = [cell["execution_count"] for cell in code_cells(load(path))]
    expected = list(range(1, len(counts) + 1))
    assert counts == expected, (
        f"실행 번호가 {counts}입니다. 새 커널에서 위에서 아래로 한 번씩 실행한 {expected}이어야 합니다. "
        "빈 코드 셀을 지우고 `python3 course.py record`로 다시 기록하세요."
    )


def test_no_errors_or_stderr(path):
    for i, cell in enumerate(load(path)["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                assert ERROR_TAG in tags, (
                    f"셀 {i}에 오류 출력({output.get('ename')})이 있습니다. 일부러 보여 주는 오류라면 "
                    f"셀에 '{ERROR_TAG}' 태그를 붙이세요."
                )
            if output["output_type"] == "stream":
                assert output["name"] == "stdout", f"셀 {i}에 stderr 출력(경고 등)이 있습니다: {output['text'][:200]!r}"


@pytest.mark.parametrize("kind", FORBIDDEN)
def test_no_machine_specific_output(path, kind):
    pattern = FORBIDDEN[kind]
    for i, cell in enumerate(code_cells(load(path))):
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                match = pattern.search(text)
                if match:
                    context = text[max(0, match.start() - 60) : match.end() + 60]
                    pytest.fail(f"코드 셀 {i + 1}의 출력에 {kind} {match.group(0)!r}가 있습니다: …{context}…")


def test_size_budget(path):
    size = path.stat().st_size
    assert size <= SIZE_BUDGET, (
        f"{size / 1024:.0f} KB로 한도 {SIZE_BUDGET // 1024} KB를 넘습니다. 그림을 줄이거나(기본 크기, 기본 dpi) "
        "필요 없는 출력을 지우세요."
    )

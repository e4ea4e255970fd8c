"""README가 코드와 어긋나지 않는지: 첫 화면, 「문제가 생기면」의 메시지, Colab 런타임 표, 이슈 양식, 라이선스.

README의 숫자(설치 크기·시간, Colab 런타임의 버전)와 따옴표로 옮긴 메시지는 손으로 적은 것이라 코드가 바뀌면 낡습니다.
여기서는 그 숫자와 글을 코드가 스스로 쓰는 값(tools/environment.py의 안내 문장, colab/runtimes/의 목록, 도구의 메시지)과
맞춰 봅니다. 테스트에 숫자를 따로 적지 않습니다.
"""

import ast
import re
import shutil
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

import course
from tools import colab, colab_check, environment

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
# 학습자가 보는 메시지를 내는 파일들(준비 셀의 글 tools/colab.py의 BOOTSTRAP 포함).
MESSAGE_SOURCES = [ROOT / "course.py", ROOT / "helpers.py", *sorted((ROOT / "tools").glob("*.py"))]
PLACEHOLDER = "\0"  # f-문자열의 {…} 자리


def section(title, text=README):
    """`## 제목`(또는 `### 제목`)부터 같은 수준 이상의 다음 제목 전까지."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", text, re.MULTILINE)
    assert match, f"README에 `{title}` 절이 없습니다."
    level = len(match.group(1))
    end = re.search(rf"^#{{1,{level}}} ", text[match.end() :], re.MULTILINE)
    return text[match.end() : match.end() + end.start() if end else None]


FIRST_SCREEN = README[: README.index("\n## ", README.index("\n## ") + 1)]  # 소개와 「시작하기」
TROUBLESHOOTING = section("문제가 생기면")


# ------------------------------------------------------------------ 첫 화면


def announce_text():
    """설치 전 안내(tools/environment.py의 Installer.announce)가 실제로 찍는 글."""
    said = []
    fake = SimpleNamespace(
        lay=SimpleNamespace(shown=lambda *a: ".venv"), check_disk=lambda kind: None, build=lambda: "cpu"
    )
    original = environment._say
    environment._say = said.append
    try:
        environment.Installer.announce(fake)
    finally:
        environment._say = original
    return " ".join(said)


def disk_message(kind, tmp_path, monkeypatch):
    """공간이 모자랄 때의 메시지(Installer.check_disk)."""
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(free=0))
    fake = SimpleNamespace(lay=SimpleNamespace(venv=tmp_path / ".venv"))
    with pytest.raises(SystemExit) as stopped:
        environment.Installer.check_disk(fake, kind)
    return str(stopped.value)


def test_first_screen_says_what_the_course_is_and_where_to_start():
    assert "3장 「처음 시작하는 머신러닝」" in FIRST_SCREEN and "경사 하강법" in FIRST_SCREEN
    commands = re.findall(r"^(python3 course\.py \w+)\s+#", FIRST_SCREEN, re.MULTILINE)
    assert commands == ["python3 course.py lab", "python3 course.py test"], "첫 화면의 두 명령은 그대로 둡니다."
    names = {c.name for c in course.COMMANDS}
    assert {cmd.split()[-1] for cmd in commands} <= names
    assert "[Colab에서 열기](#colab에서-열기)" in FIRST_SCREEN and "## Colab에서 열기\n" in README
    for label, must in [
        ("끝내기", "`Ctrl-C`"),
        ("업데이트", "`git pull`"),
        ("지우기", "`python3 -m pip cache purge`"),
    ]:
        bullet = re.search(rf"^- \*\*{label}\*\*: (.*(?:\n  .*)*)", FIRST_SCREEN, re.MULTILINE)
        assert bullet and must in bullet.group(1), f"첫 화면의 **{label}** 줄에 {must}가 없습니다."


def test_first_screen_size_and_time_are_the_installers():
    """첫 화면의 설치 크기·내려받는 양·시간이 설치 전 안내(코드)의 숫자와 같습니다."""
    said = announce_text()
    size = re.search(r"약 ([\d.]+ GB), 처음이면 약 ([\d,]+ MB)", said)
    minutes = re.search(r"설치 (\d+~\d+분)", said)
    speeds = re.search(r"\((10 MB/s면 \S+, 1 MB/s면 \S+)\)", said)
    assert size and minutes and speeds, f"설치 안내의 모양이 바뀌었습니다: {said}"
    start = section("시작하기")
    assert f"`.venv/`에 약 {size.group(1)}, 내려받기 약 {size.group(2)}({speeds.group(1)})" in start
    assert f"{minutes.group(1)} 걸렸습니다" in start
    english = section("English")
    assert f"about {size.group(1)}" in english


def test_disk_space_row_is_the_installers_figure(tmp_path, monkeypatch):
    needed = re.search(r"약 ([\d.]+ GB)가 필요", disk_message("cpu", tmp_path, monkeypatch)).group(1)
    row = next(line for line in TROUBLESHOOTING.splitlines() if "디스크 공간이 모자랍니다" in line)
    assert f"약 {needed}가 필요합니다" in row


def cuda_figures_in_code():
    """코드가 말하는 CUDA 빌드 torch의 크기(GB): 설치 경고(SIZE_MB)와 준비된 글에 적힌 숫자들."""
    figures = {environment.size_text(environment.SIZE_MB["cuda"]).removesuffix(" GB")}
    for path in MESSAGE_SOURCES:
        text = path.read_text(encoding="utf-8")
        figures |= set(re.findall(r"약 ([\d.]+) GB CUDA 빌드", text))
    return figures


def test_cuda_download_size_matches_the_code():
    code = cuda_figures_in_code()
    assert len(code) == 1, f"코드가 CUDA torch의 크기를 여러 값으로 말합니다: {sorted(code)}"
    readme = set(re.findall(r"약 ([\d.]+) GB(?: CUDA 빌드|`)", README))
    assert readme == code, f"README의 CUDA torch 크기 {sorted(readme)}가 코드의 {sorted(code)}와 다릅니다."


def test_cuda_figures_are_found():
    """위 시험이 정말 숫자를 읽는지: README와 코드에서 CUDA 크기를 찾습니다."""
    assert re.findall(r"약 ([\d.]+) GB(?: CUDA 빌드|`)", README)
    assert cuda_figures_in_code()


# ------------------------------------------------------------------ 문제가 생기면: 메시지가 코드에 있는지


def strings_in(source):
    """파이썬 코드의 문자열(상수와 f-문자열, 이어 쓴 조각은 하나로). f-문자열의 {…} 자리는 PLACEHOLDER."""
    texts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else PLACEHOLDER for v in node.values))
    return texts


def message_texts():
    """학습자가 볼 수 있는 글: 도구들의 문자열과, 노트북에 들어가는 준비 셀(BOOTSTRAP) 코드 안의 문자열."""
    texts = [text for path in MESSAGE_SOURCES for text in strings_in(path.read_text(encoding="utf-8"))]
    return texts + strings_in(colab.BOOTSTRAP)


MESSAGES = message_texts()


STAND_INS = (
    r"\d+(?:\.\d+)?|\bN\b|\.venv"  # README가 코드의 {…} 자리에 적는 것: 숫자, `N`(프로세스 번호), 기본 환경 이름
)


def fragment_pattern(fragment):
    """README가 옮긴 메시지의 한 조각 → 정규식. 숫자·`N`·`.venv`는 코드의 {…} 자리일 수도 있습니다."""
    parts = []
    for piece in re.split(f"({STAND_INS})", fragment):
        if re.fullmatch(STAND_INS, piece):
            parts.append(f"(?:{re.escape(piece)}|{PLACEHOLDER})")
        elif piece:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def in_code(quote):
    """`…`로 나눈 조각마다 도구의 어느 글에 있는지(조각들은 실행 중에 이어 붙는 두 글일 수 있음)."""
    fragments = [f.strip() for f in quote.split("…") if f.strip()]
    return all(any(fragment_pattern(f).search(text) for text in MESSAGES) for f in fragments)


def troubleshooting_quotes():
    """표의 「보이는 것」 칸에서 백틱으로 옮긴 메시지."""
    rows = [line.split("|")[1] for line in TROUBLESHOOTING.splitlines() if line.startswith("| ")]
    return [q for row in rows[1:] for q in re.findall(r"`([^`]+)`", row)]


def unwrap(text):
    """마크다운의 줄바꿈(다음 줄의 들여쓰기 포함)은 공백 하나입니다."""
    return " ".join(text.split())


def first_cell_quotes():
    """「Colab에서 열기」의 「첫 셀이 실패하면」 항목이 큰따옴표로 옮긴 준비 셀의 안내."""
    bullet = re.search(r"^- \*\*첫 셀이 실패하면\*\*(.*(?:\n  .*)*)", section("Colab에서 열기"), re.MULTILINE)
    return re.findall(r'"([^"]+)"', unwrap(bullet.group(1)))


def test_troubleshooting_quotes_are_found():
    quotes = troubleshooting_quotes()
    assert len(quotes) >= 10 and "디스크 공간이 모자랍니다" in quotes
    assert len(first_cell_quotes()) == 4


@pytest.mark.parametrize("quote", troubleshooting_quotes() + first_cell_quotes())
def test_quoted_message_exists_in_the_code(quote):
    assert in_code(quote), f"README가 옮긴 메시지 `{quote}`가 course.py, tools/, helpers.py의 어느 글에도 없습니다."


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("디스크 공간이 모자랍니다", True),
        ("다른 설치(프로세스 N)가 진행 중입니다. 끝나기를 기다립니다", True),
        ("다른 설치(프로세스 N)가 끝났습니다", False),
        ("디스크 공간이 부족합니다", False),
        ("설치를 멈췄습니다 … 없는 말", False),
    ],
)
def test_the_message_match_can_fail(quote, found):
    assert in_code(quote) is found


# ------------------------------------------------------------------ Colab 런타임


RUNTIME_COLUMNS = {"파이썬": None, "torch": "torch", "numpy": "numpy", "matplotlib": "matplotlib"}
RUNTIME_COLUMNS |= {"IPython": "ipython", "ipywidgets": "ipywidgets"}


def runtime_table():
    text = section("시험하는 Colab 런타임")
    lines = text[text.index("\n|") + 1 :].split("\n\n", 1)[0].splitlines()  # 절의 첫 표
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return header, [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_readme_runtime_table_is_the_recorded_lists():
    """README 표의 줄마다 colab/runtimes.toml의 런타임 하나, 버전은 그 런타임의 pip-freeze.txt와 os-info.txt 그대로."""
    header, rows = runtime_table()
    assert header[1:] == list(RUNTIME_COLUMNS)
    runtimes = colab_check.recorded_runtimes()
    assert len(rows) == len(runtimes)
    for runtime in runtimes:
        row = next((r for r in rows if runtime.name in r[0]), None)
        assert row, f"README 표에 Colab 런타임 {runtime.name}의 줄이 없습니다."
        for column, shown in zip(header[1:], row[1:], strict=True):
            package = RUNTIME_COLUMNS[column]
            recorded = runtime.python if package is None else colab_check.version_of(runtime.freeze[package])
            assert shown == recorded.split("+")[0], f"{runtime.name}의 {column}: README {shown}, 목록 {recorded}"


def test_readme_says_how_to_pin_an_older_runtime():
    text = section("시험하는 Colab 런타임")
    table = tomllib.loads((ROOT / "colab" / "runtimes.toml").read_text(encoding="utf-8"))
    pinnable = [r["name"] for r in table["runtime"] if r["pinnable"]]
    assert pinnable, "고정할 수 있는 런타임이 목록에 없습니다."
    pin = re.search(r"\*\*Colab이 새 런타임으로 바뀐 뒤.*?\n\n", text, re.DOTALL)
    assert pin and "런타임 유형 변경 → 런타임 버전**" in unwrap(pin.group(0)), (
        "예전 런타임으로 고정하는 방법이 없습니다."
    )
    assert any(f"`{name}`" in pin.group(0) for name in pinnable)
    # 유지 관리(기록하는 법, 허용 차이 목록)는 CONTRIBUTING.md에만 있습니다.
    for maintainer_only in ("allowed-differences.toml", "colab/runtimes/", "colab.yml", "course.py sync"):
        assert maintainer_only not in text, f"`{maintainer_only}`는 CONTRIBUTING.md의 「Colab 맞춤 점검」에 둡니다."


# ------------------------------------------------------------------ 이슈 양식과 라이선스


def form_fields(path):
    """이슈 양식(YAML)의 body 항목 → {id: (type, required)}. 코스 패키지에 YAML 파서가 없어 정규식으로 읽습니다."""
    text = path.read_text(encoding="utf-8")
    fields = {}
    for block in re.split(r"^  - type: ", text, flags=re.MULTILINE)[1:]:
        kind = block.split("\n", 1)[0].strip()
        field_id = re.search(r"^    id: (\S+)", block, re.MULTILINE)
        if field_id:
            fields[field_id.group(1)] = (kind, bool(re.search(r"^      required: true$", block, re.MULTILINE)))
    return fields


def top_level(path, key):
    match = re.search(rf"^{key}: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match and match.group(1).strip().strip('"')


def test_issue_forms():
    error, question = TEMPLATES / "notebook-error.yml", TEMPLATES / "content-question.yml"
    fields = form_fields(error)
    for field_id in ("notebook", "doctor", "where"):
        assert fields.get(field_id, (None, False))[1], f"오류 양식의 `{field_id}`(필수)가 없습니다."
    assert fields["where"][0] == "dropdown"
    assert "course.py doctor" in error.read_text(encoding="utf-8")
    assert top_level(error, "labels") == '["오류"]' and top_level(question, "labels") == '["질문"]'
    assert form_fields(question).get("question", (None, False))[1]
    assert top_level(TEMPLATES / "config.yml", "blank_issues_enabled") == "false"
    asking = section("묻는 곳")
    for form in (error, question):  # README가 양식의 이름을 그대로 말합니다.
        assert f"**{top_level(form, 'name')}**" in asking


def test_the_form_reader_can_fail(tmp_path):
    path = tmp_path / "form.yml"
    path.write_text("body:\n  - type: input\n    id: notebook\n    validations:\n      required: false\n", "utf-8")
    assert form_fields(path) == {"notebook": ("input", False)}


def test_license_and_notice():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    for heading in [
        "1. Definitions.",
        "2. Grant of Copyright License.",
        "3. Grant of Patent License.",
        "4. Redistribution.",
        "5. Submission of Contributions.",
        "6. Trademarks.",
        "7. Disclaimer of Warranty.",
        "8. Limitation of Liability.",
        "9. Accepting Warranty or Additional Liability.",
        "END OF TERMS AND CONDITIONS",
    ]:
        assert f"\n   {heading}" in license_text, f"LICENSE가 Apache License 2.0 전문이 아닙니다: `{heading}` 없음"
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "https://github.com/makaishi2/pytorch_book_info" in notice and "Apache License 2.0" in notice
    licence = section("라이선스")
    assert "[Apache License 2.0](LICENSE)" in licence and "[NOTICE](NOTICE)" in licence

"""브라우저 시험의 준비(tools/browser.py): axe-core를 받아 무결성을 확인하고 캐시에 두는 일, 가져오는 방향.

네트워크를 쓰지 않습니다: npm pack은 가짜 tarball을 만드는 함수로 바꿔 명령의 모양만 확인합니다. 진짜로 받는 일은
`python3 course.py site --e2e`(tools/browser.prepare)가 합니다.
"""

import ast
import io
import tarfile

import pytest

from tools import browser, project

FILES = {"package/axe.min.js": b"window.axe = {};", "package/locales/ko.json": b"{}", "package/LICENSE": b"MPL-2.0"}


def fake_tarball(path, files=FILES):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_unpack_checks_integrity_before_writing(tmp_path):
    tarball = fake_tarball(tmp_path / "axe-core-0.0.0.tgz")
    target = tmp_path / "cache" / "axe-core-0.0.0"
    with pytest.raises(SystemExit, match="해시가 고정한 값과 다릅니다"):
        browser.unpack_axe(tarball, target, integrity="sha512-" + "A" * 86 + "==")
    assert not target.exists() and not target.with_name(target.name + ".partial").exists()
    browser.unpack_axe(tarball, target, integrity=browser.integrity_of(tarball))
    assert (target / "axe.min.js").read_bytes() == FILES["package/axe.min.js"]
    assert (target / "locales" / "ko.json").is_file() and (target / "LICENSE").is_file()


def test_integrity_is_npm_style():
    """npm의 표기와 같은 모양(sha512-와 base64 88글자)이며, 고정한 값도 그 모양입니다."""
    assert browser.AXE_CORE_INTEGRITY.startswith("sha512-") and len(browser.AXE_CORE_INTEGRITY) == 7 + 88
    assert browser.AXE_CORE_VERSION.count(".") == 2


def test_ensure_axe_uses_the_cache_without_network(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE", str(tmp_path))
    for name, data in FILES.items():
        path = browser.axe_dir() / name.removeprefix("package/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def no_network(*args, **kwargs):
        raise AssertionError("캐시가 있는데 명령을 실행했습니다")

    monkeypatch.setattr(project, "run", no_network)
    assert browser.ensure_axe() == tmp_path / f"axe-core-{browser.AXE_CORE_VERSION}"


def test_ensure_axe_fetches_the_pinned_version_with_npm_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE", str(tmp_path / "cache"))
    made = fake_tarball(tmp_path / "made.tgz")
    monkeypatch.setattr(browser, "AXE_CORE_INTEGRITY", browser.integrity_of(made))
    monkeypatch.setattr(browser.shutil, "which", lambda name: f"/usr/bin/{name}")
    calls = []

    def npm(cmd, **kwargs):
        calls.append(cmd)
        destination = cmd[cmd.index("--pack-destination") + 1]
        (made.parent / destination / f"axe-core-{browser.AXE_CORE_VERSION}.tgz").write_bytes(made.read_bytes())
        return 0

    monkeypatch.setattr(project, "run", npm)
    folder = browser.ensure_axe()
    assert calls and calls[0][:3] == ["npm", "pack", f"axe-core@{browser.AXE_CORE_VERSION}"]
    assert "--prefer-offline" in calls[0]  # npm 캐시에 있으면 레지스트리에 묻지 않음
    assert (folder / "axe.min.js").read_bytes() == FILES["package/axe.min.js"]
    browser.ensure_axe()  # 두 번째는 캐시에서
    assert len(calls) == 1


def test_failed_npm_pack_is_a_korean_error(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE", str(tmp_path))
    monkeypatch.setattr(browser.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(project, "run", lambda cmd, **kwargs: 1)
    with pytest.raises(SystemExit, match="받지 못했습니다"):
        browser.ensure_axe()


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Attribute) and node.attr in ("spec_from_file_location", "run_path"):
            names.add(f"<파일 경로로 불러오기: {node.attr}>")
    return names


def test_browser_setup_is_imported_one_way():
    """tools/는 tests/를 모르고(파일 경로로 불러오기도 없음), 브라우저 준비는 tools/browser.py 한 곳에 있습니다."""
    for path in (project.ROOT / "tools").glob("*.py"):
        names = imported_modules(path)
        assert not {n for n in names if n.startswith(("tests", "<"))}, f"{path.name}: {names}"
    for user in ("tools/site.py", "tests/e2e/run.py"):
        source = (project.ROOT / user).read_text(encoding="utf-8")
        assert "browser.prepare(" in source and "apt-get" not in source, user

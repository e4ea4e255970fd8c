"""브라우저 시험의 준비(tools/browser.py): axe-core를 받아 무결성을 확인하고 캐시에 두는 일, 가져오는 방향.

네트워크를 쓰지 않습니다: npm pack은 가짜 tarball을 만드는 함수로 바꿔 명령의 모양만 확인합니다. 진짜로 받는 일은
`python3 course.py site --e2e`(tools/browser.prepare)가 합니다.
"""

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


def test_run_tests_prepares_then_runs_pytest_one_browser_at_a_time(monkeypatch):
    calls = []
    monkeypatch.setattr(browser, "prepare", lambda axe=False: {"COURSE_CHROMIUM": f"/chromium-axe-{axe}"})
    monkeypatch.setattr(project, "run", lambda cmd, env: calls.append((cmd, env)) or 5)
    assert browser.main(["--e2e", "-k", "03_loss"]) == 5
    assert browser.run_tests(browser.SITE_E2E, ["-x"], env={"COURSE_SITE_DIR": "out"}, axe=True) == 5
    (lab, lab_env), (site, site_env) = calls
    assert lab[1:] == ["-m", "pytest", browser.JUPYTERLAB_E2E, "-n", "0", "-k", "03_loss"]
    assert lab_env["COURSE_CHROMIUM"] == "/chromium-axe-False"
    assert site[1:] == ["-m", "pytest", browser.SITE_E2E, "-n", "0", "-x"]
    assert site_env["COURSE_CHROMIUM"] == "/chromium-axe-True" and site_env["COURSE_SITE_DIR"] == "out"
    assert (project.ROOT / browser.JUPYTERLAB_E2E).is_file() and (project.ROOT / browser.SITE_E2E).is_file()


def test_browser_tests_are_prepared_and_run_in_one_place():
    """`course.py e2e`와 `site --e2e`는 tools/browser.py의 run_tests()로 시험합니다(방향은 tests/test_imports.py)."""
    import course

    assert course.BY_NAME["e2e"].action.__doc__ == "tools.browser --e2e"
    source = (project.ROOT / "tools" / "site.py").read_text(encoding="utf-8")
    assert "browser.run_tests(browser.SITE_E2E" in source and "apt-get" not in source and '"pytest"' not in source

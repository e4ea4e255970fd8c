"""입력을 잃지 않고, 잘못된 입력에는 고칠 방법을 말하는 한국어 오류를 냅니다(영어 라이브러리 메시지나 조용한 NaN 없이).

- CSV: 머리글이 없어도 첫 샘플을 버리지 않고, UTF-8(BOM 유무)과 한국어 엑셀의 CP949를 모두 읽습니다.
- 공개 함수마다 틀린 자료형·빈 입력·불가능한 값을 넣어 보고, 모든 공개 함수가 이 표에 있는지도 확인합니다.
"""

import inspect
import re

import numpy as np
import pytest
import torch

import helpers

BOOK = [[166, 58.7], [176, 75.7], [171, 62.1], [173, 70.4], [169, 60.1]]
ROWS = "166,58.7\n176,75.7\n171,62.1\n173,70.4\n169,60.1\n"
HANGUL = re.compile(r"[가-힣]")


def write(tmp_path, text, encoding="utf-8", name="data.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ------------------------------------------------------------------ CSV는 측정값을 하나도 잃지 않습니다


def test_csv_without_header_keeps_the_first_sample(tmp_path):
    data = helpers.load_data(write(tmp_path, ROWS))
    np.testing.assert_array_equal(data, BOOK)


@pytest.mark.parametrize("header", ["신장(cm),체중(kg)\n", "height,weight\n", "\ufeff신장,체중\n"])
def test_csv_with_header_skips_only_the_header(tmp_path, header):
    np.testing.assert_array_equal(helpers.load_data(write(tmp_path, header + ROWS)), BOOK)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_korean_excel_and_utf8_files(tmp_path, encoding):
    path = write(tmp_path, "신장(cm),체중(kg)\r\n" + ROWS.replace("\n", "\r\n"), encoding=encoding)
    np.testing.assert_array_equal(helpers.load_data(path), BOOK)


def test_first_row_with_a_number_is_a_sample_not_a_header(tmp_path):
    """숫자가 섞인 첫 줄은 머리글로 버리지 않고 샘플로 검사해, 무엇이 틀렸는지 알려 줍니다."""
    with pytest.raises(ValueError, match="1번째 줄 2번째 열 값 '58kg'는 숫자가 아닙니다"):
        helpers.load_data(write(tmp_path, "166,58kg\n" + ROWS))


def test_book_data_is_read_whole():
    assert helpers.load_data().shape == (5, 2)


# ------------------------------------------------------------------ 공개 함수마다 잘못된 입력

X5 = torch.tensor([-4.0, 6.0, 1.0, 3.0, -1.0])
W1, B1 = torch.tensor(1.0, requires_grad=True), torch.tensor(1.0, requires_grad=True)
COLUMN = torch.ones(5, 1)  # (5, 1): 샘플 다섯 개를 열 하나로 세운 모양. 1차원이어야 할 곳에 넣으면 안 됩니다.
PAIR = torch.ones(2, requires_grad=True)  # 숫자 하나여야 할 W, B 자리에 값 두 개
NO_FILE = helpers.ROOT / "data" / "없는파일.csv"
FOLDER = helpers.ROOT / "data"

# 오류의 종류를 하나로 정합니다: 자료형이 틀리면 TypeError, 값(모양, 범위, NaN)이 틀리면 ValueError,
# 파일이 없으면 FileNotFoundError. 테스트는 정확히 그 종류인지 봅니다(하위 클래스도 받지 않음).
KIND, VALUE, MISSING = TypeError, ValueError, FileNotFoundError
BAD_CALLS = {
    "setup": [
        (KIND, lambda: helpers.setup(seed="123")),
        (VALUE, lambda: helpers.setup(seed=-1)),
        (VALUE, lambda: helpers.setup(threads=0)),
    ],
    "load_data": [
        (KIND, lambda: helpers.load_data(123)),
        (KIND, lambda: helpers.load_data(["data.csv"])),
        (MISSING, lambda: helpers.load_data(NO_FILE)),
        (VALUE, lambda: helpers.load_data(FOLDER)),
    ],
    "prepare_data": [(KIND, lambda: helpers.prepare_data(3.5)), (MISSING, lambda: helpers.prepare_data(NO_FILE))],
    "check_xy": [
        (KIND, lambda: helpers.check_xy("166", [1])),
        (VALUE, lambda: helpers.check_xy([], [])),
        (VALUE, lambda: helpers.check_xy(COLUMN, X5)),
    ],
    "center": [
        (KIND, lambda: helpers.center("166")),
        (VALUE, lambda: helpers.center([])),
        (KIND, lambda: helpers.center(None)),
        (VALUE, lambda: helpers.center(COLUMN)),
    ],
    "to_tensor": [
        (KIND, lambda: helpers.to_tensor("1,2")),
        (VALUE, lambda: helpers.to_tensor([])),
        (VALUE, lambda: helpers.to_tensor([[166, 58.7], [176, 75.7]])),
    ],
    "init_params": [
        (KIND, lambda: helpers.init_params("1.0")),
        (KIND, lambda: helpers.init_params(True)),
        (VALUE, lambda: helpers.init_params(float("nan"))),
        (VALUE, lambda: helpers.init_params(1.0, float("inf"))),
    ],
    "pred": [
        (KIND, lambda: helpers.pred([1.0, 2.0], W1, B1)),
        (KIND, lambda: helpers.pred(X5, "1", B1)),
        (VALUE, lambda: helpers.pred(COLUMN, W1, B1)),
        (VALUE, lambda: helpers.pred(X5, PAIR, B1)),
    ],
    "mse": [
        (KIND, lambda: helpers.mse([1.0], [2.0])),
        (KIND, lambda: helpers.mse(1.0, X5)),
        (VALUE, lambda: helpers.mse(torch.zeros(0), torch.zeros(0))),
        (VALUE, lambda: helpers.mse(COLUMN, X5)),
    ],
    "make_graph": [
        (KIND, lambda: helpers.make_graph(3.0)),
        (KIND, lambda: helpers.make_graph(X5 * W1, params=["W"])),
    ],
    "check_lr": [(KIND, lambda: helpers.check_lr("0.001")), (VALUE, lambda: helpers.check_lr(-1))],
    "update_params": [
        (KIND, lambda: helpers.update_params(W1, 0.001)),
        (KIND, lambda: helpers.update_params([1.0], 0.001)),
    ],
    "train": [
        (KIND, lambda: helpers.train(X5, X5, 1.0, 1.0)),
        (VALUE, lambda: helpers.train(X5, X5, torch.tensor(1.0), torch.tensor(1.0))),
        (KIND, lambda: helpers.train(X5, X5, W1, B1, optimizer="SGD")),
        (VALUE, lambda: helpers.train(COLUMN, COLUMN, W1, B1)),
        (VALUE, lambda: helpers.train(X5, X5, PAIR, B1)),
    ],
    "plot_data": [(KIND, lambda: helpers.plot_data("x", [1, 2])), (VALUE, lambda: helpers.plot_data(COLUMN, X5))],
    "plot_history": [
        (VALUE, lambda: helpers.plot_history([1, 2, 3])),
        (KIND, lambda: helpers.plot_history("history")),
    ],
    "plot_fit": [
        (VALUE, lambda: helpers.plot_fit([170], [60], W1, B1)),
        (VALUE, lambda: helpers.plot_fit([166, 176], [58.7, 75.7], PAIR, B1)),
    ],
    "plot_loss_contour": [
        (KIND, lambda: helpers.plot_loss_contour("X", X5)),
        (VALUE, lambda: helpers.plot_loss_contour(X5, X5, paths=[np.ones((3, 3))])),
        (KIND, lambda: helpers.plot_loss_contour(X5, X5, paths=np.ones((3, 2)))),
    ],
    "loss_grid": [
        (KIND, lambda: helpers.loss_grid(X5, X5, "0,1", [0.0])),
        (VALUE, lambda: helpers.loss_grid(X5, X5, [], [0.0])),
        (VALUE, lambda: helpers.loss_grid(X5, X5, [[0.0, 1.0]], [0.0])),
    ],
    "plot_loss_surface": [
        (KIND, lambda: helpers.plot_loss_surface(X5, "Y")),
        (VALUE, lambda: helpers.plot_loss_surface(X5, X5, paths=[np.ones(3)])),
    ],
    "plot_surface": [
        (KIND, lambda: helpers.plot_surface("L", (-5, 5), (-5, 5))),
        (VALUE, lambda: helpers.plot_surface(lambda u, v: u * v, (5, -5), (-5, 5))),
        (VALUE, lambda: helpers.plot_surface(lambda u, v: u * v, (-5, 5), (-5, 5), paths=[np.ones((3, 3))])),
    ],
    "lr_figure": [
        (KIND, lambda: helpers.lr_figure(X5, X5, "0.01", 10)),
        (KIND, lambda: helpers.lr_figure("X", X5, 0.01, 10)),
        (KIND, lambda: helpers.lr_figure(X5.numpy(), X5, 0.01, 10)),
        (VALUE, lambda: helpers.lr_figure(X5, X5, 0.01, 0)),
        (VALUE, lambda: helpers.lr_figure(COLUMN, COLUMN, 0.01, 10)),
    ],
    "lr_explorer": [
        (VALUE, lambda: helpers.lr_explorer(X5, X5, lr=-1.0)),
        (VALUE, lambda: helpers.lr_explorer(X5, X5, num_epochs=0)),
        (VALUE, lambda: helpers.lr_explorer(X5, X5, num_epochs=10**6)),
        (VALUE, lambda: helpers.lr_explorer(COLUMN, COLUMN)),
    ],
    "hessian": [
        (KIND, lambda: helpers.hessian("X")),
        (VALUE, lambda: helpers.hessian([])),
        (VALUE, lambda: helpers.hessian(COLUMN)),
    ],
    "check": [(KIND, lambda: helpers.check(3, 1.0)), (VALUE, lambda: helpers.check("99-1", 1.0))],
}
# 인수가 없어 잘못 부를 수 없는 함수(환경 설정과 점검)
NO_ARGUMENTS = {"setup_korean_font", "setup_style", "find_dot", "setup_graphviz", "doctor"}


def public_functions():
    return {name for name in helpers.__all__ if inspect.isfunction(getattr(helpers, name))}


def test_every_public_function_is_tried_with_bad_input():
    missing = public_functions() - set(BAD_CALLS) - NO_ARGUMENTS
    assert not missing, f"잘못된 입력 표(BAD_CALLS)에 없는 공개 함수: {sorted(missing)}"
    assert set(BAD_CALLS) <= public_functions(), f"공개 함수가 아닌 이름: {sorted(set(BAD_CALLS) - public_functions())}"
    for name in NO_ARGUMENTS:
        params = inspect.signature(getattr(helpers, name)).parameters
        assert not params, f"{name}에 인수가 생겼습니다. BAD_CALLS에 잘못된 입력을 더하세요."


CASES = [(name, error, call) for name, calls in BAD_CALLS.items() for error, call in calls]
CASE_IDS = [f"{name}-{i + 1}" for name, calls in BAD_CALLS.items() for i in range(len(calls))]


@pytest.mark.parametrize(("name", "error", "call"), CASES, ids=CASE_IDS)
def test_bad_input_gets_the_right_korean_error(name, error, call):
    import matplotlib.pyplot as plt

    try:
        with pytest.raises(Exception) as info:  # noqa: PT011 - 종류는 아래에서 정확히 비교합니다.
            call()
    finally:
        plt.close("all")
    message = str(info.value)
    assert info.type is error, f"{name}: {error.__name__}여야 하는데 {info.type.__name__}입니다: {message}"
    assert HANGUL.search(message), f"{name}: 한국어가 아닌 오류입니다: {message}"

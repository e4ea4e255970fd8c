"""01 데이터 전처리: 노트북의 sampleData1, x, y, X, Y가 helpers.prepare_data()와 같고, 그림 읽기의 숫자가 맞습니다."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[2]


def test_preprocessing_matches_prepare_data(notebook, data):
    ns = notebook("01_preprocessing")
    x, y, X, Y = data
    np.testing.assert_array_equal(ns["sampleData1"], helpers.load_data())
    np.testing.assert_array_equal(ns["x"], x)
    np.testing.assert_array_equal(ns["y"], y)
    assert ns["X"].dtype == ns["Y"].dtype == torch.float32
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)


def test_gap_between_171_and_173_against_the_trend(notebook, data):
    """171cm(62.1kg)와 173cm(70.4kg): 2cm에 8.3kg, 전체 경향(최소 제곱 기울기, lstsq로 따로 계산)은 1cm에 1.82kg."""
    ns = notebook("01_preprocessing")
    x, y, _, _ = data
    assert (x[2], y[2], x[3], y[3]) == (171, 62.1, 173, 70.4)
    assert f"{ns['gap_kg']:.1f}" == "8.3"
    A = np.column_stack([x, np.ones_like(x)])
    slope = np.linalg.lstsq(A, y, rcond=None)[0][0]
    assert ns["trend"] == pytest.approx(slope, abs=1e-9)
    assert (f"{slope:.2f}", f"{2 * slope:.2f}") == ("1.82", "3.64")
    assert ns["gap_kg"] > 2 * (2 * slope)  # 경향의 두 배가 넘는 차이


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "01.json").read_text(encoding="utf-8"))
    assert keys["01-1"]["answer"] == pytest.approx(sum(y) / len(y))
    assert keys["01-2"]["answer"] == pytest.approx(180 - sum(x) / len(x))

"""01 데이터 전처리: 노트북의 sampleData1, x, y, X, Y가 helpers.prepare_data()와 같습니다."""

import numpy as np
import torch

import helpers


def test_preprocessing_matches_prepare_data(notebook, data):
    ns = notebook("01_preprocessing")
    x, y, X, Y = data
    np.testing.assert_array_equal(ns["sampleData1"], helpers.load_data())
    np.testing.assert_array_equal(ns["x"], x)
    np.testing.assert_array_equal(ns["y"], y)
    assert ns["X"].dtype == ns["Y"].dtype == torch.float32
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)

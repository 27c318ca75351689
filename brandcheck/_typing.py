"""Array aliases shared by the package, so signatures say what an array holds."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

#: ndarray of shape (H, W, 3), uint8, sRGB.
RGBImage = NDArray[np.uint8]
#: ndarray of shape (H, W), uint8 or float.
GrayImage = NDArray[Any]
#: ndarray of shape (H, W, 4), uint8, CMYK ink 0..255 (255 = 100 %).
CMYKImage = NDArray[np.uint8]
#: ndarray of shape (..., 3), float, CIELAB (D50). L in [0, 100].
LabArray = NDArray[np.float64]
#: ndarray of shape (3, 3), float, homography mapping artwork pixels to image pixels.
Homography = NDArray[np.float64]
#: ndarray of shape (4, 2), float, corners TL, TR, BR, BL in image pixels.
Quad = NDArray[np.float64]
#: ndarray of shape (H, W), bool.
Mask = NDArray[np.bool_]

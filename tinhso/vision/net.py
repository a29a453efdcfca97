"""The plate recognizer's network, in PyTorch: used to train it (scripts/train_plate_reader.py)
and to run it on a GPU. Machines without PyTorch run the same network from the ONNX file
exported from it (recognizer.py); PyTorch is imported only by code that asks for it.

A small CRNN: seven 3×3 convolutions squeeze the 32×160 input to one row of 40 columns,
a bidirectional LSTM reads the columns left to right, and each column scores the
alphabet plus the CTC blank. A second, tiny head guesses the plate's colour from the
early feature maps (colour is a property of the whole plate, not of a character).
"""

from __future__ import annotations

import torch
from torch import nn

from tinhso.vision.recognizer import ALPHABET, COLOURS


def _block(c_in: int, c_out: int) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]


class PlateNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.early = nn.Sequential(
            *_block(3, 32), nn.MaxPool2d(2),  # 16 × 80
            *_block(32, 64), nn.MaxPool2d(2),  # 8 × 40
        )  # fmt: skip
        self.late = nn.Sequential(
            *_block(64, 96), *_block(96, 96), nn.MaxPool2d((2, 1)),  # 4 × 40
            *_block(96, 128), *_block(128, 128), nn.MaxPool2d((2, 1)),  # 2 × 40
            *_block(128, 160), nn.MaxPool2d((2, 1)),  # 1 × 40
        )  # fmt: skip
        self.rnn = nn.LSTM(160, 96, bidirectional=True, batch_first=True)
        self.chars = nn.Linear(192, len(ALPHABET) + 1)  # + the CTC blank (index 0)
        self.colour = nn.Linear(64, len(COLOURS))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x: (N, 3, 32, 160) in [-1, 1] → (character logits (N, 40, classes), colour logits)."""
        early = self.early(x)
        columns = self.late(early).squeeze(2).transpose(1, 2)  # (N, 40, 160)
        sequence, _ = self.rnn(columns)
        return self.chars(sequence), self.colour(early.mean(dim=(2, 3)))


class TorchPlateReader:
    """The recognizer on a GPU through PyTorch (ONNX Runtime on the GPU machine is CPU-only).
    Same preprocessing and decoding as OnnxPlateReader, so results agree within rounding."""

    name = "tinhso recognizer (PyTorch)"

    def __init__(self, weights: str, device: str | None = None) -> None:
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.net = PlateNet()
        self.net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        self.net.to(self.device).eval()

    @torch.inference_mode()
    def logits(self, batch):  # numpy (N, 3, 32, 160) → numpy logits, as the ONNX session gives
        chars, colour = self.net(torch.from_numpy(batch).to(self.device))
        return chars.float().cpu().numpy(), colour.float().cpu().numpy()

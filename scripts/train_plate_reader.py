"""Train the plate recognizer on synthetic plates and export it to ONNX.

    python scripts/train_plate_reader.py --minutes 8 --out tinhso/vision/models

Needs PyTorch (not a project dependency: only this script and GPU inference use it),
Pillow, NumPy and ONNX Runtime. Every training image is rendered on the fly by
tinhso.vision.synth_plates from seeds ≥ 1 000 000, so no two batches repeat and the
bench's held-out seed (90210) is never seen. The real photographs in
shared/data/plates are neither read nor used to choose anything here.

The schedule is by the clock (warm-up, then cosine decay to the end of --minutes), so
one run fits a fixed slot on a borrowed GPU. Writes plate_reader.onnx (CPU inference
everywhere), plate_reader.pt (the same weights for PyTorch on a GPU) and
plate_reader.json (what was trained, how long, and the synthetic validation score).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tinhso.vision import calibration, recognizer, synth_plates
from tinhso.vision.net import PlateNet
from tinhso.vision.recognizer import (
    COLOURS,
    INPUT_H,
    INPUT_W,
    encode,
    prepare,
    result_from,
)

TRAIN_SEED = 1_000_000
VALIDATION_SEED = 4242  # synthetic, for watching the run; the bench uses 90210
CALIBRATION_SEED = 7777  # synthetic, for the temperature and the threshold only


class SyntheticPlates(IterableDataset):
    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __iter__(self):
        info = get_worker_info()
        worker = info.id if info else 0
        chunk = 0
        while True:  # endless: each worker renders its own seeded chunks
            seed = self.seed + worker * 10_000_019 + chunk
            for sample in synth_plates.samples(64, seed=seed):
                yield as_input(sample), encode(sample.plate), COLOURS.index(sample.colour)
            chunk += 1


def as_input(sample: synth_plates.Sample) -> np.ndarray:
    """The network's input for a sample, cut by its known layout: a steeply tilted
    one-line plate is nearly square, and the reader tries such crops both ways, so
    the one-line reading must be learnt from them too."""
    return prepare(sample.image, two_lines=sample.layout != "car-1line")


def collate(items):
    images = torch.from_numpy(np.stack([i[0] for i in items]))
    targets = torch.tensor([c for i in items for c in i[1]], dtype=torch.long)
    lengths = torch.tensor([len(i[1]) for i in items], dtype=torch.long)
    colours = torch.tensor([i[2] for i in items], dtype=torch.long)
    return images, targets, lengths, colours


def _validation_chunk(seed: int) -> list[tuple[np.ndarray, str, int]]:
    return [
        (as_input(s), s.plate, COLOURS.index(s.colour))
        for s in synth_plates.samples(100, seed=seed)
    ]


def validation_set(n: int) -> list[tuple[np.ndarray, str, int]]:
    with multiprocessing.Pool() as pool:
        chunks = pool.map(_validation_chunk, [VALIDATION_SEED + i for i in range(n // 100)])
    return [item for chunk in chunks for item in chunk]


@torch.inference_mode()
def calibrate(net: nn.Module, seed: int, n: int, device: str) -> dict:
    """The temperature and the "send as read" threshold, on synthetic plates this run
    never trained or validated on (tinhso.vision.calibration; the real crops are not
    used). The reader reads the result from plate_reader.json."""
    net.eval()
    made = list(synth_plates.samples(n, seed=seed))
    x = torch.from_numpy(np.stack([prepare(s.image) for s in made])).to(device)
    logits = net(x)[0].float().cpu().numpy()
    net.train()
    result = calibration.calibrate(logits, [s.plate for s in made], seed)
    recognizer.TEMPERATURE = result["temperature"]  # for the final validation below
    return result


@torch.inference_mode()
def evaluate(net: nn.Module, items, device: str) -> tuple[float, float]:
    net.eval()
    exact = colour_ok = 0
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        x = torch.from_numpy(np.stack([i[0] for i in chunk])).to(device)
        chars, colour = net(x)
        chars, colour = chars.float().cpu().numpy(), colour.float().cpu().numpy()
        for k, (_image, plate, colour_index) in enumerate(chunk):
            result = result_from(chars[k], colour[k])
            exact += result.plate == plate
            colour_ok += COLOURS.index(result.colour) == colour_index
    net.train()
    return exact / len(items), colour_ok / len(items)


def export(net: nn.Module, out: Path) -> Path:
    net = net.eval().cpu()
    dummy = torch.zeros(2, 3, INPUT_H, INPUT_W)
    path = out / "plate_reader.onnx"
    try:
        torch.onnx.export(
            net, (dummy,), str(path), input_names=["image"], output_names=["chars", "colour"],
            dynamic_axes={"image": {0: "n"}, "chars": {0: "n"}, "colour": {0: "n"}},
            opset_version=17, dynamo=False,
        )  # fmt: skip
    except Exception as exc:  # the TorchScript exporter may be gone in newer PyTorch
        print(f"TorchScript export failed ({exc}); using the dynamo exporter", flush=True)
        batch = torch.export.Dim("n", min=1, max=4096)
        torch.onnx.export(
            net, (dummy,), str(path), input_names=["image"], output_names=["chars", "colour"],
            dynamic_shapes={"x": {0: batch}}, dynamo=True, external_data=False,
        )  # fmt: skip
    # The file must give what the network gives.
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    probe = torch.randn(5, 3, INPUT_H, INPUT_W)
    got = session.run(None, {"image": probe.numpy()})
    with torch.inference_mode():
        want = net(probe)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-3, atol=1e-3)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=8.0)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument(
        "--workers", type=int, default=max(1, (multiprocessing.cpu_count() or 2) - 1)
    )
    parser.add_argument("--validation", type=int, default=2000)
    parser.add_argument("--init", type=Path, help="start from these weights (plate_reader.pt)")
    parser.add_argument("--out", type=Path, default=Path("tinhso/vision/models"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    print(f"device {device}, {args.workers} data workers, {args.minutes} min", flush=True)

    validation = validation_set(args.validation)
    net = PlateNet()
    if args.init:
        net.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=True))
    net = net.to(device)
    params = sum(p.numel() for p in net.parameters())
    optimiser = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    colour_loss = nn.CrossEntropyLoss()
    loader = DataLoader(
        SyntheticPlates(TRAIN_SEED), batch_size=args.batch, num_workers=args.workers,
        collate_fn=collate, pin_memory=device == "cuda", prefetch_factor=8,
        persistent_workers=True,
    )  # fmt: skip
    budget = args.minutes * 60
    start = time.monotonic()
    seen = step = 0
    history = []
    for images, targets, lengths, colours in loader:
        elapsed = time.monotonic() - start
        if elapsed > budget:
            break
        progress = elapsed / budget
        warm = min(1.0, progress / 0.05)
        for group in optimiser.param_groups:
            group["lr"] = args.lr * warm * 0.5 * (1 + math.cos(math.pi * progress))
        images = images.to(device, non_blocking=True)
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            chars, colour = net(images)
        log_probs = chars.float().log_softmax(2).transpose(0, 1)  # (T, N, C) for CTCLoss
        steps = torch.full((images.shape[0],), log_probs.shape[0], dtype=torch.long)
        loss = ctc(log_probs, targets.to(device), steps, lengths) + 0.2 * colour_loss(
            colour.float(), colours.to(device)
        )
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimiser.step()
        seen += images.shape[0]
        step += 1
        if step % 200 == 0:
            exact, colour_ok = evaluate(net, validation, device)
            history.append((round(elapsed), step, seen, round(loss.item(), 4), exact, colour_ok))
            print(
                f"{elapsed:6.0f}s step {step} seen {seen} loss {float(loss):.3f} "
                f"synthetic validation exact {exact:.1%} colour {colour_ok:.1%}",
                flush=True,
            )
    # The weights first: nothing after this may lose the run.
    torch.save({k: v.cpu() for k, v in net.state_dict().items()}, args.out / "plate_reader.pt")
    calibrated = calibrate(net, CALIBRATION_SEED, args.validation, device)
    print(f"calibration: {calibrated}", flush=True)
    exact, colour_ok = evaluate(net, validation, device)
    path = export(net, args.out)
    report = {
        "parameters": params,
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "torch": torch.__version__,
        "minutes": args.minutes,
        "init": str(args.init) if args.init else None,
        "steps": step,
        "images_seen": seen,
        "batch": args.batch,
        "train_seed": TRAIN_SEED,
        "synthetic_validation": {
            "seed": VALIDATION_SEED,
            "n": len(validation),
            "exact": exact,
            "colour": colour_ok,
        },
        "history": history,
        "calibration": calibrated,
    }
    (args.out / "plate_reader.json").write_text(json.dumps(report, indent=1))
    print(f"done: {step} steps, {seen} images, validation exact {exact:.1%}; {path} "
          f"({path.stat().st_size / 1e6:.1f} MB, {params} parameters)")  # fmt: skip


if __name__ == "__main__":
    main()

"""Vision worker throughput: frames per second of the whole pipeline (decode → motion
detection → ByteTrack → rules → plate finding and reading → evidence) on generated
junction clips at 720p and 1080p, on ONE CPU core (the process pinned to core 0) and
on all cores, next to the baseline measured in the same run: decoding the same clip
and nothing else. Then plate-reader throughput (crops/s) for the ONNX recognizer on
the CPU and, where PyTorch sees a GPU, the same network on CUDA.

    .venv/bin/python bench/vision_bench.py [SECONDS_OF_VIDEO]

The clips are 10 fps like many red-light cameras; the figures are frames per second of
processing, so "≥ 10" keeps up with one such camera in real time.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np

from tinhso.vision import synth_plates, synth_scene
from tinhso.vision.pipeline import CameraConfig, Pipeline
from tinhso.vision.plate_finder import PlateFinder
from tinhso.vision.recognizer import MODEL, OnnxPlateReader, prepare
from tinhso.vision.source import VideoSource

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0


def decode_fps(clip: Path) -> float:
    source = VideoSource(str(clip))
    start, frames = time.perf_counter(), 0
    for _index, _frame in source.frames():
        frames += 1
    return frames / (time.perf_counter() - start)


def pipeline_fps(clip: Path, truth: dict, finder) -> tuple[float, int]:
    source = VideoSource(str(clip))
    config = CameraConfig.from_dict({**truth["camera"], "start": truth["start"]})
    pipeline = Pipeline(config, source.fps, finder=finder)
    start, frames, events = time.perf_counter(), 0, 0
    for index, frame in source.frames():
        events += len(pipeline.process(frame, index))
        frames += 1
    events += len(pipeline.finish())
    return frames / (time.perf_counter() - start), events


def reader_rate(reader, batch: np.ndarray, size: int) -> float:
    """Crops per second through the network (prepared crops, batches of `size`)."""
    reader.logits(batch[:size])  # warm up
    start, done = time.perf_counter(), 0
    while time.perf_counter() - start < 3:
        for i in range(0, len(batch), size):
            reader.logits(batch[i : i + size])
            done += len(batch[i : i + size])
    return done / (time.perf_counter() - start)


def main() -> None:
    cores = os.cpu_count() or 1
    print(
        f"{platform.processor() or platform.machine()}, {cores} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        clips = {}
        for name, size in (("720p", (1280, 720)), ("1080p", (1920, 1080))):
            path = Path(folder, f"{name}.mp4")
            clips[name] = (path, synth_scene.generate(path, seconds=SECONDS, seed=7, size=size))
        print(
            f"\n{'clip':<7} {'cores':<6} {'decode only':>12} {'pipeline':>10} {'no plates':>10} {'events':>7}"
        )
        for label, affinity in (("1", {0}), (str(cores), set(range(cores)))):
            os.sched_setaffinity(0, affinity)
            import cv2

            cv2.setNumThreads(len(affinity))
            os.environ["TINHSO_VISION_THREADS"] = str(len(affinity))
            finder = PlateFinder(OnnxPlateReader(threads=len(affinity)))
            for name, (path, truth) in clips.items():
                base = decode_fps(path)
                full, events = pipeline_fps(path, truth, finder)
                bare, _ = pipeline_fps(path, truth, None)
                print(
                    f"{name:<7} {label:<6} {base:10.1f}/s {full:8.1f}/s {bare:8.1f}/s {events:4d}/{len(truth['violations'])}"
                )
        os.sched_setaffinity(0, set(range(cores)))

    crops = np.stack([prepare(s.image) for s in synth_plates.samples(512, seed=90210)])
    print(f"\n{'plate reader':<34} {'batch':>5} {'crops/s':>9}")
    for threads in (1, cores):
        reader = OnnxPlateReader(threads=threads)
        for size in (1, 64):
            print(
                f"{'ONNX Runtime CPU, ' + str(threads) + ' thread(s)':<34} {size:5d} {reader_rate(reader, crops, size):9.0f}"
            )
    try:
        import torch

        from tinhso.vision.net import TorchPlateReader
    except ImportError:
        print("PyTorch not installed: no GPU figures")
        return
    if torch.cuda.is_available():
        gpu = TorchPlateReader(str(MODEL.with_suffix(".pt")), device="cuda")
        for size in (1, 64, 512):
            print(
                f"{'PyTorch CUDA, ' + torch.cuda.get_device_name():<34} {size:5d} {reader_rate(gpu, crops, size):9.0f}"
            )
        onnx_chars, _ = OnnxPlateReader().logits(crops[:64])
        gpu_chars, _ = gpu.logits(crops[:64])
        agree = (onnx_chars.argmax(-1) == gpu_chars.argmax(-1)).mean()
        print(
            f"CUDA vs ONNX CPU: max |logit difference| {np.abs(onnx_chars - gpu_chars).max():.2e}, "
            f"same best class in {agree:.2%} of columns"
        )
    else:
        print("PyTorch sees no GPU: no GPU figures")


if __name__ == "__main__":
    main()

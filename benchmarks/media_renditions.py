"""Media benchmark: a 12-megapixel JPEG to every rendition, and a batch of mixed uploads.

    .venv/bin/python -m benchmarks.media_renditions            # full run (500-image batch)
    .venv/bin/python -m benchmarks.media_renditions --batch 100

Every measurement runs in a fresh child process pinned to one CPU (sched_setaffinity), so
its peak resident memory (VmHWM) belongs to that measurement alone. Each child
reports its resident memory after start-up (Python, Django, Pillow, the input bytes) and its
peak, wall time and CPU time. The rendition job is measured side by side with a plain
full-decode-and-resize of the same file in the same run, and the ratio is printed.

Goal (issue 5): ≤ 0.5 s on one core and ≤ 200 MB peak for the 12 MP JPEG.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = [160, 480, 1200]


# --- corpus ---------------------------------------------------------------------------------


def photo_like(size: tuple[int, int], seed: int, mode: str = "RGB"):
    """Smoothed noise plus gradients: compresses like a photo, not like a flat colour."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    small = (max(8, size[0] // 8), max(8, size[1] // 8))
    channels = [
        Image.effect_noise(small, rng.randint(40, 90)).resize(size, Image.Resampling.BICUBIC)
        for _ in range(3)
    ]
    detail = Image.effect_noise(size, 25)
    gradient = Image.linear_gradient("L").resize(size)
    mixed = [
        Image.blend(Image.blend(c, gradient, 0.3), detail, 0.15).filter(
            ImageFilter.GaussianBlur(0.6)
        )
        for c in channels
    ]
    im = Image.merge("RGB", mixed)
    if mode == "RGBA":
        alpha = Image.linear_gradient("L").rotate(90).resize(size)
        im.putalpha(alpha)
    return im


def encode(im, fmt: str) -> bytes:
    out = BytesIO()
    params = {"JPEG": {"quality": 90}, "WEBP": {"quality": 88}, "PNG": {}}[fmt]
    im.save(out, fmt, **params)
    return out.getvalue()


def make_corpus(folder: Path, batch: int) -> dict[str, object]:
    big = folder / "photo-12mp.jpg"
    big.write_bytes(encode(photo_like((4000, 3000), 1), "JPEG"))
    largest = folder / "photo-40mp.jpg"  # at the MEDIA_MAX_PIXELS limit (7300 × 5400 = 39.4 MP)
    largest.write_bytes(encode(photo_like((7300, 5400), 2), "JPEG"))
    # Mixed uploads: phone and camera sizes, mostly JPEG, some PNG (some transparent) and WebP.
    sizes = [(640, 480), (1200, 900), (1600, 1200), (2048, 1536), (3000, 2000), (4000, 3000)]
    kinds = [("JPEG", "RGB")] * 7 + [("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB")]
    pool = []
    rng = random.Random(7)
    for index in range(24):  # distinct files, cycled to make the batch
        size = rng.choice(sizes)
        fmt, mode = rng.choice(kinds)
        path = folder / f"mixed-{index:02d}.{fmt.lower()}"
        path.write_bytes(encode(photo_like(size, 100 + index, mode), fmt))
        pool.append({"path": str(path), "size": size, "format": fmt, "mode": mode})
    batch_files = [pool[i % len(pool)]["path"] for i in range(batch)]
    return {"big": str(big), "largest": str(largest), "pool": pool, "batch": batch_files}


# --- child measurements ---------------------------------------------------------------------


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def rss_now_mb() -> float:
    return _status_mb("VmRSS")


def rss_peak_mb() -> float:
    # VmHWM, not getrusage's ru_maxrss: Linux keeps ru_maxrss across exec, so a child would
    # report its parent's peak (the corpus generation) as its own.
    return _status_mb("VmHWM")


def child(job: str, files: list[str], repeat: int) -> dict[str, object]:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from media.processing import normalise, plain_render, render
    from media.validation import PICTURE_FORMATS, inspect

    # Files are read one at a time inside the timed loop (from the page cache after the first
    # pass), so peak memory is that of one image, as in a worker.
    Path(files[0]).read_bytes()
    baseline = rss_now_mb()
    walls, cpus = [], []
    outputs = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for name in files:
            data = Path(name).read_bytes()
            if job == "renditions":
                outputs += len(render(data, WIDTHS))
            elif job == "plain":
                outputs += len(plain_render(data, WIDTHS))
            elif job == "normalise":  # the upload request's own work (checks, re-encoding)
                normalise(data, inspect(data, allowed=PICTURE_FORMATS))
                outputs += 1
            elif job == "upload":  # what an upload costs end to end, minus database and disk
                probe = inspect(data, allowed=PICTURE_FORMATS)
                clean = normalise(data, probe)
                outputs += len(render(clean.data, WIDTHS))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    peak = rss_peak_mb()
    return {
        "job": job,
        "files": len(files),
        "repeat": repeat,
        "wall_min": min(walls),
        "wall_median": statistics.median(walls),
        "cpu_min": min(cpus),
        "baseline_mb": baseline,
        "peak_mb": peak,
        "outputs": outputs // repeat,
    }


def run_child(job: str, files: list[str], repeat: int) -> dict[str, object]:
    spec = json.dumps({"job": job, "files": files, "repeat": repeat})
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks.media_renditions", "--child", spec],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        print(json.dumps(child(spec["job"], spec["files"], spec["repeat"])))
        return

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        corpus = make_corpus(Path(tmp), args.batch)
        print(f"corpus generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        big_size = Path(str(corpus["big"])).stat().st_size
        print(f"12 MP JPEG (4000 × 3000, {big_size / 2**20:.1f} MiB) → {WIDTHS} × WebP+JPEG")
        ours = run_child("renditions", [str(corpus["big"])], args.repeat)
        plain = run_child("plain", [str(corpus["big"])], args.repeat)
        for label, r in (("draft + cascade (ours)", ours), ("plain full decode", plain)):
            print(
                f"  {label:24} wall {r['wall_min']:.3f} s (median {r['wall_median']:.3f}), "
                f"cpu {r['cpu_min']:.3f} s, peak RSS {r['peak_mb']:.0f} MB "
                f"(start-up {r['baseline_mb']:.0f} MB, +{r['peak_mb'] - r['baseline_mb']:.0f})"
            )
        extra_ours = max(1.0, ours["peak_mb"] - ours["baseline_mb"])
        extra_plain = plain["peak_mb"] - plain["baseline_mb"]
        print(
            f"  ratio plain / ours: cpu time {plain['cpu_min'] / ours['cpu_min']:.1f}×, "
            f"memory above start-up {extra_plain / extra_ours:.1f}×"
        )
        print("upload request: content checks + normalise (orient, strip, re-encode the original)")
        for key, label in (("big", "12 MP JPEG"), ("largest", "39.4 MP JPEG")):
            r = run_child("normalise", [str(corpus[key])], args.repeat)
            print(
                f"  {label:24} cpu {r['cpu_min']:.3f} s, peak RSS {r['peak_mb']:.0f} MB "
                f"(start-up {r['baseline_mb']:.0f} MB, +{r['peak_mb'] - r['baseline_mb']:.0f})"
            )
        batch = [str(f) for f in corpus["batch"]]  # type: ignore[union-attr]
        pool = corpus["pool"]
        mix: dict[str, int] = {}
        for item in pool:  # type: ignore[union-attr]
            key = f"{item['format']}/{item['mode']}"
            mix[key] = mix.get(key, 0) + 1
        print(f"batch of {len(batch)} mixed images ({len(pool)} distinct, cycled; mix {mix})")
        for job, label in (
            ("renditions", "renditions only (the task)"),
            ("upload", "check + normalise + renditions"),
        ):
            r = run_child(job, batch, 1)
            print(
                f"  {label:32} {r['wall_min']:.1f} s wall, {r['cpu_min']:.1f} s cpu → "
                f"{len(batch) / r['cpu_min']:.1f} images/s per core (cpu), "
                f"{r['outputs']} files, peak RSS {r['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""GPU continuation of the project's DDPM training, for labs (and us) with a CUDA machine.

The Java trainer (`java -jar diffusion-fiji.jar train`) is the reference; this script is a PyTorch port of
exactly the same pieces so that a prior can be trained for far more steps where a GPU is at hand:

- the network: sc.fiji.diffusion.model.UNet (same parameter names and TensorFlow layouts: conv kernels
  [kh, kw, in, out], dense [in, out]; symmetric padding to a multiple of 2^(levels-1); TF "SAME" padding,
  which for the stride-2 downsampling pads bottom/right only; GroupNorm eps 1e-5; SiLU; sinusoidal
  time embedding with f_k = exp(-ln(10000) k / (d/2 - 1)); one attention block in the middle);
- the loss: Ho et al. 2020, Algorithm 1 (sc.fiji.diffusion.train.TrainingGraph), linear beta 1e-4..0.02,
  T = 1000, t ~ U{0..T-1}, mean((eps - eps_theta(sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, t))^2);
- the optimiser: Adam (betas 0.9, 0.999, eps 1e-8) and the weight EMA d = min(decay, (1 + k) / (10 + k));
- the data: the normalised planes of ImageFolderPatches (exported by scripts/gpu/ExportPlanes.java), an
  area-weighted random plane, a random crop, one of the 8 dihedral symmetries, and AugmentedPatches'
  scale (one zoom per batch, log-uniform in [1/1.15, 1.15], bilinear), gamma (log g in +-ln 1.4) and
  bias field (exp of a quadratic with coefficients in +-0.15).

It reads a model bundle (config.json + weights/*.npy) to start from and writes a bundle of the EMA
weights that the plugin loads unchanged. `--check X.f32 EPS.f32` compares the forward pass with eps
written by the Java model (scripts/gpu/RefEps.java) before any training.

Usage (see docs/models.md, "Training on a GPU"):
  python3 train_unet_torch.py --init mri-brain-t1.zip --planes planes.f16.z --output out.zip \
      --seconds 480 --batch 256 --lr 3e-4 [--late-patch 128 --late-fraction 0.4] [--check x.f32 eps.f32]
"""
import argparse
import io
import json
import math
import os
import sys
import time
import zipfile
import zlib
from datetime import datetime, timezone

import numpy as np
import torch
import torch.nn.functional as F


# ---------------------------------------------------------------- bundle I/O

def read_bundle(path):
    """(config dict, {name: float32 ndarray}) of a model bundle zip, weights in file order."""
    with zipfile.ZipFile(path) as z:
        config = json.loads(z.read("config.json"))
        weights = {}
        for n in z.namelist():
            if n.startswith("weights/") and n.endswith(".npy"):
                weights[n[len("weights/"):-len(".npy")]] = np.load(io.BytesIO(z.read(n))).astype(np.float32)
    return config, weights


def write_bundle(path, config, weights):
    """Writes config.json and weights/NAME.npy (float32, C order), as ModelBundle.write does."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", json.dumps(config, indent=2))
        for name, w in weights.items():
            buf = io.BytesIO()
            np.save(buf, np.ascontiguousarray(w, dtype="<f4"))
            z.writestr("weights/" + name + ".npy", buf.getvalue())
    os.replace(tmp, path)


# ---------------------------------------------------------------- network

class UNet(torch.nn.Module):
    """eps_theta(x, t) of sc.fiji.diffusion.model.UNet; x is NCHW here, parameters keep TF layouts."""

    def __init__(self, arch, weights):
        super().__init__()
        self.base = arch["baseWidth"]
        self.mult = arch["multipliers"]
        self.res_blocks = arch["resBlocks"]
        self.groups = arch["groups"]
        self.attention = arch["attention"]
        self.levels = len(self.mult)
        self.p = torch.nn.ParameterDict({k.replace(".", "__"): torch.nn.Parameter(torch.from_numpy(v.copy()))
                                         for k, v in weights.items()})
        half = max(1, self.base // 2)
        k = torch.arange(half, dtype=torch.float64)
        self.register_buffer("freqs", torch.exp(-math.log(10000) * k / max(1, half - 1)).float())

    def w(self, name):
        return self.p[name.replace(".", "__")]

    def width(self, level):
        return self.base * self.mult[level]

    def conv(self, x, name, stride=1):
        w = self.w(name + ".w")
        k = w.shape[0]
        w = w.permute(3, 2, 0, 1)
        if stride == 1:
            return F.conv2d(x, w, self.w(name + ".b"), padding=k // 2)
        # TF SAME for k = 3, stride 2 on even sizes: 0 before, 1 after
        total_h = max((math.ceil(x.shape[2] / stride) - 1) * stride + k - x.shape[2], 0)
        total_w = max((math.ceil(x.shape[3] / stride) - 1) * stride + k - x.shape[3], 0)
        x = F.pad(x, (total_w // 2, total_w - total_w // 2, total_h // 2, total_h - total_h // 2))
        return F.conv2d(x, w, self.w(name + ".b"), stride=stride)

    def dense(self, x, name):
        return x @ self.w(name + ".w") + self.w(name + ".b")

    def norm(self, x, name):
        c = x.shape[1]
        g = min(self.groups, c)
        while c % g:
            g -= 1
        return F.group_norm(x, g, self.w(name + ".scale"), self.w(name + ".shift"), eps=1e-5)

    def res_block(self, x, emb, name):
        h = self.conv(F.silu(self.norm(x, name + ".norm0")), name + ".conv0")
        h = h + self.dense(F.silu(emb), name + ".temb")[:, :, None, None]
        h = self.conv(F.silu(self.norm(h, name + ".norm1")), name + ".conv1")
        skip = self.conv(x, name + ".skip") if (name + ".skip.w").replace(".", "__") in self.p else x
        return skip + h

    def attn(self, x, name):
        n, c, hh, ww = x.shape
        h = self.norm(x, name + ".norm")
        q, k, v = (self.conv(h, name + s).reshape(n, c, hh * ww).transpose(1, 2) for s in (".q", ".k", ".v"))
        a = F.scaled_dot_product_attention(q, k, v)  # softmax(q k^T / sqrt(c)) v
        return x + self.conv(a.transpose(1, 2).reshape(n, c, hh, ww), name + ".proj")

    def forward(self, x, t):
        H, W = x.shape[2], x.shape[3]
        m = 2 ** (self.levels - 1)
        ph, pw = (-H) % m, (-W) % m
        if ph:
            x = torch.cat([x, x[:, :, H - ph:, :].flip(2)], 2)  # SYMMETRIC mirror padding
        if pw:
            x = torch.cat([x, x[:, :, :, W - pw:].flip(3)], 3)
        args = t.float()[:, None] * self.freqs[None, :]
        emb = self.dense(F.silu(self.dense(torch.cat([torch.sin(args), torch.cos(args)], 1), "temb.dense0")), "temb.dense1")
        h = self.conv(x, "in")
        skips = [h]
        for l in range(self.levels):
            for r in range(self.res_blocks):
                h = self.res_block(h, emb, f"down{l}.res{r}")
                skips.append(h)
            if l < self.levels - 1:
                h = self.conv(h, f"down{l}.downsample", stride=2)
                skips.append(h)
        h = self.res_block(h, emb, "mid.res0")
        if self.attention:
            h = self.attn(h, "mid.attn")
        h = self.res_block(h, emb, "mid.res1")
        for l in reversed(range(self.levels)):
            for r in range(self.res_blocks + 1):
                h = self.res_block(torch.cat([h, skips.pop()], 1), emb, f"up{l}.res{r}")
            if l > 0:
                h = self.conv(F.interpolate(h, scale_factor=2, mode="nearest"), f"up{l}.upsample")
        h = self.conv(F.silu(self.norm(h, "out.norm")), "out")
        return h[:, :, :H, :W]

    def numpy_weights(self):
        return {k.replace("__", "."): v.detach().float().cpu().numpy() for k, v in self.p.items()}


# ---------------------------------------------------------------- data

def read_planes(path, device):
    """Planes written by ExportPlanes.java and packed by --pack: a padded [P, Hmax, Wmax] tensor and sizes."""
    raw = zlib.decompress(open(path, "rb").read())
    n = int(np.frombuffer(raw[:4], "<i4")[0])
    sizes = np.frombuffer(raw[4:4 + 8 * n], "<i4").reshape(n, 2)  # (w, h)
    off = 4 + 8 * n
    hmax, wmax = int(sizes[:, 1].max()), int(sizes[:, 0].max())
    stack = np.zeros((n, hmax, wmax), np.float16)
    for i, (w, h) in enumerate(sizes):
        stack[i, :h, :w] = np.frombuffer(raw[off:off + 2 * w * h], "<f2").reshape(h, w)
        off += 2 * w * h
    return torch.from_numpy(stack).to(device), torch.from_numpy(sizes.astype(np.int64)).to(device)


def pack_planes(src, dst):
    """float32 planes of ExportPlanes.java -> zlib(int32 n, int32 (w, h) * n, float16 planes)."""
    raw = open(src, "rb").read()
    n = int(np.frombuffer(raw[:4], "<i4")[0])
    off, sizes, data = 4, [], []
    for _ in range(n):
        w, h = (int(v) for v in np.frombuffer(raw[off:off + 8], "<i4"))
        off += 8
        data.append(np.frombuffer(raw[off:off + 4 * w * h], "<f4").astype("<f2").tobytes())
        off += 4 * w * h
        sizes.append((w, h))
    blob = np.int32(n).tobytes() + np.asarray(sizes, "<i4").tobytes() + b"".join(data)
    open(dst, "wb").write(zlib.compress(blob, 9))


class Patches:
    """ImageFolderPatches + AugmentedPatches(scale, gamma, bias) on the GPU, one batch per call."""

    def __init__(self, planes, sizes, gen):
        self.planes, self.sizes, self.gen = planes, sizes, gen
        self.area = (sizes[:, 0] * sizes[:, 1]).double()

    def uniform(self, *shape):
        return torch.rand(*shape, generator=self.gen, device=self.planes.device)

    def crops(self, n, s):
        weights = torch.where((self.sizes[:, 0] >= s) & (self.sizes[:, 1] >= s), self.area, torch.zeros_like(self.area))
        i = torch.multinomial(weights, n, replacement=True, generator=self.gen)
        w, h = self.sizes[i, 0], self.sizes[i, 1]
        x0 = (self.uniform(n) * (w - s + 1).double()).long().clamp(max=(w - s))
        y0 = (self.uniform(n) * (h - s + 1).double()).long().clamp(max=(h - s))
        r = torch.arange(s, device=self.planes.device)
        p = self.planes[i[:, None, None], (y0[:, None] + r)[:, :, None], (x0[:, None] + r)[:, None, :]].float()
        # one of the 8 dihedral symmetries: optional transpose, then optional flips
        p = torch.where(self.uniform(n)[:, None, None] < 0.5, p.transpose(1, 2), p)
        p = torch.where(self.uniform(n)[:, None, None] < 0.5, p.flip(1), p)
        p = torch.where(self.uniform(n)[:, None, None] < 0.5, p.flip(2), p)
        return p[:, None]

    def next(self, n, patch):
        s = math.exp((2 * float(self.uniform(1)) - 1) * math.log(1.15))
        drawn = max(2, round(s * patch))
        x = self.crops(n, drawn)
        if drawn != patch:
            x = F.interpolate(x, size=(patch, patch), mode="bilinear", align_corners=False)
        g = torch.exp((2 * self.uniform(n) - 1) * math.log(1.4))[:, None, None, None]
        c = 0.3 * self.uniform(n, 5) - 0.15
        lin = torch.linspace(-1, 1, patch, device=x.device)
        Y, X = lin[:, None], lin[None, :]
        log_field = (c[:, 0, None, None] * X + c[:, 1, None, None] * Y + c[:, 2, None, None] * X * X
                     + c[:, 3, None, None] * Y * Y + c[:, 4, None, None] * X * Y)
        u = ((x + 1) / 2).clamp(min=0) ** g
        return 2 * u * torch.exp(log_field)[:, None] - 1


# ---------------------------------------------------------------- training

def alpha_bar(T=1000, start=1e-4, end=0.02):
    beta = start + (end - start) * np.arange(T) / (T - 1)
    return torch.from_numpy(np.cumprod(1 - beta)).float()


STAGE_KEYS = ("trainer", "device", "command", "date", "steps", "seed", "batch", "patch", "latePatch", "lateFraction",
              "learningRate", "emaDecay", "wallSeconds", "finalLoss")


def lineage(previous, stage):
    """The training record of a bundle trained in stages: this stage's settings at the top level (as the
    Java trainer writes them), total steps and wall time, and every stage, oldest first, in "stages"."""
    stages = [dict(s) for s in previous.get("stages", [])]
    if not stages and previous.get("steps"):
        first = {k: previous[k] for k in STAGE_KEYS if k in previous}
        first.setdefault("trainer", "java -jar diffusion-fiji.jar train (TensorFlow Java)")
        first.setdefault("device", "cpu")
        stages.append(first)
    stages.append(stage)
    record = {k: v for k, v in previous.items() if k not in STAGE_KEYS and k not in ("stages", "startedFrom")}
    record.update(stage)
    record["steps"] = sum(s["steps"] for s in stages)
    record["wallSeconds"] = round(sum(s["wallSeconds"] for s in stages), 1)
    record["stages"] = stages
    return record


def check(model, x_path, eps_path, device, n=3, h=44, w=52):
    x = torch.from_numpy(np.fromfile(x_path, "<f4").reshape(n, h, w, 1)).permute(0, 3, 1, 2).to(device)
    ref = torch.from_numpy(np.fromfile(eps_path, "<f4").reshape(n, h, w, 1)).permute(0, 3, 1, 2).to(device)
    with torch.no_grad():
        eps = model(x, torch.tensor([5, 400, 999], device=device))
    err = (eps - ref).abs().max().item()
    print(f"check: max |eps_torch - eps_java| = {err:.2e} (|eps| up to {ref.abs().max().item():.2f})", flush=True)
    return err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", help="model bundle to start from")
    ap.add_argument("--planes", help="packed planes (--pack)")
    ap.add_argument("--output", help="bundle to write (EMA weights); also written every --save-every s")
    ap.add_argument("--seconds", type=float, default=480, help="wall-clock training budget")
    ap.add_argument("--max-steps", type=int, default=10 ** 9)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--patch", type=int, default=64)
    ap.add_argument("--late-patch", type=int, default=0, help="patch size for the last --late-fraction of the time")
    ap.add_argument("--late-fraction", type=float, default=0.0)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--warmup", type=int, default=200, help="linear learning-rate warm-up steps (fresh Adam moments)")
    ap.add_argument("--ema", type=float, default=0.999)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save-every", type=float, default=60)
    ap.add_argument("--log", help="CSV of step,loss,loss_ema,elapsed_s (loss: mean over each 200 steps), as the Java trainer writes")
    ap.add_argument("--command", default="", help="the command line to record in config.json")
    ap.add_argument("--check", nargs=2, metavar=("X.f32", "EPS.f32"))
    ap.add_argument("--pack", nargs=2, metavar=("PLANES.f32", "PLANES.f16.z"))
    a = ap.parse_args()
    if a.pack:
        pack_planes(*a.pack)
        return
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    torch.backends.cudnn.benchmark = True
    config, weights = read_bundle(a.init)
    model = UNet(config["architecture"], weights).to(device)
    if a.check and check(model, *a.check, device) > 1e-3:
        sys.exit("forward pass differs from the Java model: not training")
    if not a.output:
        return
    torch.manual_seed(a.seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(a.seed)
    planes, sizes = read_planes(a.planes, device)
    data = Patches(planes, sizes, gen)
    abar = alpha_bar(config["schedule"]["timesteps"]).to(device)
    T = abar.numel()
    names = list(weights.keys())
    params = [model.w(n) for n in names]
    ema = [p.detach().clone() for p in params]
    opt = torch.optim.Adam(params, lr=a.lr, betas=(0.9, 0.999), eps=1e-8,
                           fused=device == "cuda")
    started = time.time()
    last_save, log_rows, window, step = started, [], [], 0
    previous = config.get("training", {})

    def save(final_loss):
        if not math.isfinite(final_loss):
            final_loss = torch.stack(window).mean().item() if window else previous.get("finalLoss", 0.0)
        ema_weights = {k: e.float().cpu().numpy() for k, e in zip(names, ema)}
        c = json.loads(json.dumps(config))
        c["training"] = lineage(previous, {
            "command": a.command or " ".join(sys.argv),
            "date": datetime.now(timezone.utc).isoformat(),
            "steps": step, "seed": a.seed, "batch": a.batch, "patch": a.patch,
            "latePatch": a.late_patch, "lateFraction": a.late_fraction,
            "learningRate": a.lr, "emaDecay": a.ema, "wallSeconds": round(time.time() - started, 1),
            "finalLoss": final_loss,
            "device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu",
            "trainer": "scripts/gpu/train_unet_torch.py (PyTorch " + torch.__version__ + ")",
        })
        write_bundle(a.output, c, ema_weights)
        if a.log:
            with open(a.log, "w") as f:
                f.write("step,loss,loss_ema,elapsed_s\n"
                        + "".join(f"{s},{l:.6f},{e:.6f},{w:.1f}\n" for s, l, e, w in log_rows))

    loss_ema = float("nan")
    while step < a.max_steps:
        elapsed = time.time() - started
        if elapsed > a.seconds:
            break
        patch = a.late_patch if a.late_patch and elapsed > a.seconds * (1 - a.late_fraction) else a.patch
        batch = a.batch if patch == a.patch else max(1, a.batch * a.patch * a.patch // (patch * patch))
        x0 = data.next(batch, patch)
        t = torch.randint(0, T, (batch,), device=device, generator=gen)
        eps = torch.randn(x0.shape, device=device, generator=gen)
        ab = abar[t][:, None, None, None]
        loss = F.mse_loss(model(ab.sqrt() * x0 + (1 - ab).sqrt() * eps, t), eps)
        for group in opt.param_groups:
            group["lr"] = a.lr * min(1.0, (step + 1) / max(1, a.warmup))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        d = min(a.ema, (1.0 + step) / (10.0 + step))
        torch._foreach_lerp_(ema, [p.detach() for p in params], 1 - d)
        window.append(loss.detach())
        step += 1
        if step % 200 == 0:
            mean = torch.stack(window).mean().item()
            window.clear()
            if not math.isfinite(mean):
                sys.exit(f"training diverged at step {step}: lower --lr")
            loss_ema = mean if math.isnan(loss_ema) else 0.9 * loss_ema + 0.1 * mean
            log_rows.append((step, mean, loss_ema, time.time() - started))
            print(f"step {step} patch {patch} batch {batch} loss {mean:.5f} (smoothed {loss_ema:.5f}) "
                  f"{step / (time.time() - started):.1f} steps/s", flush=True)
        if time.time() - last_save > a.save_every:
            save(loss_ema)
            last_save = time.time()
    save(loss_ema)
    print(f"done: {step} steps in {time.time() - started:.0f} s, smoothed loss {loss_ema:.5f}", flush=True)


if __name__ == "__main__":
    main()

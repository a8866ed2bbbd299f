#!/usr/bin/env python3
"""The recipe with torchvision's MobileNetV2, written as plainly in PyTorch: bench:pytorch's
peer for TransferLab's MOBILENET_V2 backbone (alpha 1.0).

It follows ../shared/bench/pytorch_reference.py (which does the same for VGG16): every epoch runs
the whole backbone over every image (no feature cache), first frozen (feature extraction), then
with the layers from Keras's block_13 on trained at a lower learning rate (fine-tuning). The head
is TransferLab's: global average pooling, dropout, one dense layer.

Needs Debian's packages: apt-get install -y python3-torch python3-torchvision
(run it with /usr/bin/python3, which is the interpreter those packages install into).

  /usr/bin/python3 pytorch_mobilenet_v2.py --data DIR [--size 224] [--batch 32] [--epochs 2]
        [--ft-epochs 2] [--lr 0.001] [--ft-lr 0.0001] [--dropout 0.2] [--threads 2]
  /usr/bin/python3 pytorch_mobilenet_v2.py --count-weights

DIR holds <class>/* (a seeded 80/20 split is made). Prints one JSON object per line, in the
reference's format; the last line is the summary.
"""
import argparse, json, os, random, sys, time

import torch
import torch.nn as nn
import torchvision
from torchvision import transforms
from torchvision.datasets import ImageFolder

# torchvision's mobilenet_v2().features[k + 1] is Keras's block_k (features[0] is Keras's Conv1,
# features[1] its expanded_conv, features[18] its Conv_1), so block_13 starts at index 14.
KERAS_BLOCK_13 = 14


def tf_preprocess(img_tensor_0_1):
    """keras.applications.mobilenet_v2.preprocess_input: pixels scaled to -1..1."""
    return img_tensor_0_1 * 2.0 - 1.0


class Classifier(nn.Module):
    def __init__(self, features, num_classes, dropout):
        super().__init__()
        self.features = features
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(1280, num_classes)

    def forward(self, x):
        return self.fc(self.drop(torch.flatten(self.pool(self.features(x)), 1)))

    def train(self, mode=True):
        # As the Keras guide does (the base model called with training=False), batch normalization
        # keeps its ImageNet statistics in every phase; its scale and offset still train when unfrozen.
        super().train(mode)
        for m in self.features.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.eval()
        return self


def set_trained(features, start):
    """Trains features[start:] (None: nothing) and freezes the rest."""
    for i, block in enumerate(features):
        for p in block.parameters():
            p.requires_grad = start is not None and i >= start


def count_weights(features):
    trained = sum(p.numel() for p in features.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in features.parameters() if not p.requires_grad)
    return trained, frozen


def datasets(root, size, seed):
    tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(), tf_preprocess])
    full = ImageFolder(root, tf)
    idx = list(range(len(full)))
    random.Random(seed).shuffle(idx)
    cut = int(len(idx) * 0.8)
    return full.classes, torch.utils.data.Subset(full, idx[:cut]), torch.utils.data.Subset(full, idx[cut:])


def run_epoch(model, loader, opt=None):
    train = opt is not None
    model.train(train)
    loss_fn = nn.CrossEntropyLoss()
    total, correct, loss_sum, t0 = 0, 0, 0.0, time.time()
    with torch.set_grad_enabled(train):
        for x, y in loader:
            out = model(x)
            loss = loss_fn(out, y)
            if train:
                opt.zero_grad()
                loss.backward()
                opt.step()
            loss_sum += loss.item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            total += len(y)
    return loss_sum / total, correct / total, time.time() - t0, total


def recipe(a):
    torch.manual_seed(a.seed)
    classes, train_ds, val_ds = datasets(a.data, a.size, a.seed)
    tl = torch.utils.data.DataLoader(train_ds, batch_size=a.batch, shuffle=True)
    vl = torch.utils.data.DataLoader(val_ds, batch_size=a.batch)
    model = Classifier(torchvision.models.mobilenet_v2().features, len(classes), a.dropout)
    t_all = time.time()
    best, fine_tune_weights = 0.0, None
    for phase, epochs, lr, start in [("feature_extraction", a.epochs, a.lr, None), ("fine_tune", a.ft_epochs, a.ft_lr, KERAS_BLOCK_13)]:
        set_trained(model.features, start)
        if start is not None:
            fine_tune_weights = count_weights(model.features)
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
        for e in range(epochs):
            loss, acc, dt, n = run_epoch(model, tl, opt)
            vloss, vacc, vdt, vn = run_epoch(model, vl)
            best = max(best, vacc)
            print(json.dumps({"phase": phase, "epoch": e + 1, "loss": round(loss, 4), "accuracy": round(acc, 4),
                              "val_loss": round(vloss, 4), "val_accuracy": round(vacc, 4),
                              "seconds": round(dt + vdt, 2), "images_per_second": round((n + vn) / (dt + vdt), 2)}),
                  flush=True)
    trained, frozen = fine_tune_weights or (0, 0)
    print(json.dumps({"summary": "recipe", "classes": len(classes), "train_images": len(train_ds),
                      "val_images": len(val_ds), "size": a.size, "best_val_accuracy": round(best, 4),
                      "total_seconds": round(time.time() - t_all, 2), "threads": torch.get_num_threads(),
                      "fine_tune_trained_weights": trained, "fine_tune_frozen_weights": frozen,
                      "torch": torch.__version__}))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--ft-epochs", type=int, default=2)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--ft-lr", type=float, default=1e-4)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--count-weights", action="store_true", help="print the backbone weights fine-tuning trains and freezes, and exit")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.count_weights:
        features = torchvision.models.mobilenet_v2().features
        set_trained(features, KERAS_BLOCK_13)
        trained, frozen = count_weights(features)
        print(json.dumps({"summary": "weights", "fine_tune_trained_weights": trained, "fine_tune_frozen_weights": frozen}))
    elif a.data:
        recipe(a)
    else:
        p.error("--data DIR or --count-weights")


if __name__ == "__main__":
    sys.exit(main())

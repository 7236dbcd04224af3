#!/usr/bin/env python3
"""The scikit-learn side of the needs-model comparison (run by scripts/bench-model).

Reads DIR/cases.csv (the synthetic population exported by the Rust `bench` example, in
dehcp's import schema) and DIR/folds.csv (the Rust side's stratified folds), and prints JSON:

* macro-F1 of a multinomial LogisticRegression over the same folds, with the same features
  (20 scores and a one-hot age band, standardised on each training fold) and the L2 strength
  mapped from dehcp's `l2` (see C_FOR_L2 below);
* wall times for training and inference on all the cases: the classifier (fit on the plan
  cases, predict_proba on them), AgglomerativeClustering(ward, 10) on the 21-feature cluster
  space, and KNeighborsClassifier(5) (fit, then the 5 nearest of every case);
* the adjusted Rand index between scikit-learn's clusters and DIR/rust-clusters.csv;
* the BLAS kernel in use (threadpoolctl).

All data is synthetic. Times exclude reading the CSV and importing the libraries, as the
Rust side's exclude the import. Each phase is timed twice, as on the Rust side: wall time
("seconds", time.perf_counter) and CPU time ("cpu_seconds", time.process_time:
the whole process, every thread), the steadier figure on a shared machine.
"""

import csv
import json
import sys
import time
from datetime import date

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, f1_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

REFERENCE = date(2026, 1, 15)
ITEMS = 20
BANDS = 5
L2 = 1e-3  # dehcp's TrainingOptions::default().l2
MAX_ITER = 300
TOL = 1e-5


class Clock:
    """Wall and thread CPU time of one phase, added to two dicts under one name."""

    def __init__(self, wall, cpu, name):
        self.wall, self.cpu, self.name = wall, cpu, name

    def __enter__(self):
        self.start = (time.perf_counter(), time.process_time())

    def __exit__(self, *exc):
        self.wall[self.name] = time.perf_counter() - self.start[0]
        self.cpu[self.name] = time.process_time() - self.start[1]


def c_for_l2(l2, n_train):
    """dehcp minimises mean log loss + l2/2 * sum(w^2); scikit-learn minimises
    C * sum log loss + 1/2 * sum(w^2). Dividing the latter by C * n gives
    mean log loss + 1/(2 C n) * sum(w^2), so C = 1 / (l2 * n). Neither penalises the
    intercepts."""
    return 1.0 / (l2 * n_train)


def band_index(birth):
    """Age band on REFERENCE with dehcp's convention (birthday on the 1st of the month)."""
    year, month = (int(part) for part in birth.split("-"))
    years = REFERENCE.year - year - (1 if REFERENCE.month < month else 0)
    for index, top in enumerate((4, 10, 15, 19, 25)):
        if years <= top:
            return index
    raise ValueError(f"over 25 on {REFERENCE}: {birth}")


def load(directory):
    with open(f"{directory}/cases.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, rows = rows[0], rows[1:]
    items = header[2 : 2 + ITEMS]
    assert items[0] == "learning_difficulties" and items[-1] == "social_care_flag", items
    need = header.index("primary_need")
    decision = header.index("panel_decision")
    refs = [r[0] for r in rows]
    scores = np.array([[float(v) for v in r[2 : 2 + ITEMS]] for r in rows])
    bands = np.array([band_index(r[1]) for r in rows])
    needs = [r[need] for r in rows]
    plan = np.array([r[decision] == "plan" and r[need] != "" for r in rows])
    return refs, scores, bands, needs, plan


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    return [r[0] for r in rows], np.array([int(r[1]) for r in rows])


def classifier_model(n_train):
    # lbfgs fits the multinomial (softmax) model, as dehcp does; no multi_class argument,
    # which recent releases deprecate.
    return LogisticRegression(C=c_for_l2(L2, n_train), max_iter=MAX_ITER, tol=TOL)


def main():
    directory = sys.argv[1]
    refs, scores, bands, needs, plan = load(directory)
    one_hot = np.eye(BANDS)[bands]
    features = np.hstack([scores, one_hot])  # 25: the classifier's features
    space = np.hstack([scores, bands[:, None].astype(float)])  # 21: the cluster space

    x_plan = features[plan]
    y_plan = np.array([n for n, p in zip(needs, plan) if p])
    plan_refs = [r for r, p in zip(refs, plan) if p]
    fold_refs, folds = read_pairs(f"{directory}/folds.csv")
    assert fold_refs == plan_refs, "folds.csv does not list the plan cases in file order"

    # Cross-validation on the Rust side's folds, predictions pooled over folds.
    predicted = np.empty(len(y_plan), dtype=object)
    for fold in np.unique(folds):
        train, test = folds != fold, folds == fold
        scaler = StandardScaler().fit(x_plan[train])
        model = classifier_model(int(train.sum())).fit(scaler.transform(x_plan[train]), y_plan[train])
        predicted[test] = model.predict(scaler.transform(x_plan[test]))
    labels = sorted(set(y_plan))
    macro_f1 = f1_score(y_plan, predicted.astype(str), labels=labels, average="macro")
    accuracy = float(np.mean(predicted.astype(str) == y_plan))

    seconds, cpu = {}, {}
    with Clock(seconds, cpu, "classifier_train"):
        scaler = StandardScaler().fit(x_plan)
        model = classifier_model(len(y_plan)).fit(scaler.transform(x_plan), y_plan)
    with Clock(seconds, cpu, "classifier_predict"):
        probabilities = model.predict_proba(scaler.transform(x_plan))
    with Clock(seconds, cpu, "clusters_fit"):
        z = StandardScaler().fit_transform(space)
        clusters = AgglomerativeClustering(n_clusters=10, linkage="ward").fit_predict(z)
    with Clock(seconds, cpu, "similar_fit"):
        z = StandardScaler().fit_transform(space)
        knn = KNeighborsClassifier(n_neighbors=5).fit(z, np.array(needs, dtype=object))
    with Clock(seconds, cpu, "similar_query"):
        _, neighbours = knn.kneighbors(z, n_neighbors=5)
    seconds["total"] = sum(seconds.values())
    cpu["total"] = sum(cpu.values())

    agreement = None
    try:
        rust_refs, rust_clusters = read_pairs(f"{directory}/rust-clusters.csv")
        if rust_refs == refs:
            agreement = adjusted_rand_score(rust_clusters, clusters)
    except FileNotFoundError:
        pass

    print(
        json.dumps(
            {
                "synthetic": True,
                "cases": len(refs),
                "plan_cases": int(plan.sum()),
                "folds": int(len(np.unique(folds))),
                "macro_f1": macro_f1,
                "accuracy": accuracy,
                "lbfgs_iterations": int(np.max(model.n_iter_)),
                "C_full_fit": c_for_l2(L2, len(y_plan)),
                "seconds": seconds,
                "cpu_seconds": cpu,
                "clusters_adjusted_rand_vs_rust": agreement,
                "check": {
                    "probability_sum": float(probabilities[:, 0].sum()),
                    "neighbours": int(neighbours.size),
                    "knn_algorithm": knn._fit_method,
                },
                "blas": [
                    {k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                    for info in threadpool_info()
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

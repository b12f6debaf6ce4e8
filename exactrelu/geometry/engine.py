"""The enumeration engine shared by :class:`HyperplaneArrangement` and :class:`Zonotope`.

Chambers of a central arrangement with integer normals, by deletion–restriction
and linear algebra only (no LP):

* The chambers of A ∪ {h} are those of A, except that each chamber *cut* by h
  is replaced by its two halves; the cut chambers are exactly the chambers of
  the restriction A^h (one dimension lower, enumerated the same way).  A cut
  chamber's two witnesses are the restricted witness u pushed off h:
  ``K·u ± h`` with an integer K large enough that no other sign changes.
* Restriction to h is done in integer coordinates: with a pivot p (h_p ≠ 0)
  the vectors ``h_p e_j − h_j e_p`` (j ≠ p) span h^⊥, so a normal a restricts
  to the 2×2 minors ``a_j h_p − a_p h_j`` — fraction-free, like Bareiss.
* Parallel normals (the same hyperplane, either orientation) are merged into
  one class before enumerating and expanded afterwards.
* In dimension 2 the chambers are the 2m sectors between the m lines, found
  by an exact angular sort (cross products), each sign vector from the previous
  one by one flip.

Sign vectors are kept as bit masks (bit i set ⟺ <a_i, w> > 0), which makes the
matching of cut chambers a dictionary lookup.  Every witness is an integer
vector, so the final check ``sign<a_i, w> = s_i`` is exact (see
:mod:`exactrelu.exact.certificates`).

The chambers are the activation regions of one ReLU unit (Matena & Raffel 2022,
section 3) and their number is the one Karhadkar, Murray, Tseran & Montúfar 2023
count in Proposition 6; this module is the algorithm behind both, not a statement.

References: T. Zaslavsky, *Facing up to arrangements* (1975); R. Stanley,
*An introduction to hyperplane arrangements* (2007), Lecture 1 (deletion–
restriction).
"""

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from itertools import pairwise
from math import atan2, comb, gcd
from operator import mul
from typing import TypeAlias

from exactrelu.exact.errors import CertificateError
from exactrelu.exact.linalg import primitive
from exactrelu.exact.types import SignVector

__all__ = [
    "canonical_direction",
    "chambers",
    "chambers_in_prefix",
    "covector_signs",
    "lift",
    "mask_expander",
    "masks_to_signs",
    "parallel_classes",
    "restrict",
    "upper_bound_regions",
]

IntVector: TypeAlias = tuple[int, ...]
"""An integer vector (a normal, a witness)."""
MaskChamber: TypeAlias = tuple[int, IntVector]
"""A chamber as ``(mask, witness)``: bit i of the mask is set iff ``<normals[i], witness> > 0``."""
Members: TypeAlias = list[list[tuple[int, int]]]
"""Per parallel class, the ``(index, orientation)`` of its normals (see :func:`parallel_classes`)."""
MaskMap: TypeAlias = Callable[[int], int]


def canonical_direction(v: Sequence[int]) -> tuple[IntVector, int]:
    """Primitive representative of the line R·v with first nonzero entry positive, and the sign.

    Two nonzero integer vectors are parallel iff their representatives are equal.

    Raises
    ------
    ValueError
        The zero vector.

    >>> canonical_direction((0, -2, 4))
    ((0, 1, -2), -1)
    """
    g = gcd(*v)
    u = tuple(x // g for x in v) if g > 1 else tuple(v)
    for x in u:
        if x:
            if x > 0:
                return u, 1
            return tuple(-y for y in u), -1
    raise ValueError("zero normal")


def parallel_classes(normals: Sequence[Sequence[int]]) -> tuple[list[IntVector], Members]:
    """Group nonzero integer normals by the hyperplane they define.

    Parameters
    ----------
    normals : sequence of integer vectors
        Nonzero normals, all of the same length.

    Returns
    -------
    reps : list of tuple of int
        ``reps[c]`` is the primitive normal of class c, oriented like its first member.
    members : list of list of (int, int)
        ``members[c]`` lists the ``(index, orientation)`` with
        ``normals[index] = positive multiple of orientation * reps[c]``.

    Examples
    --------
    >>> parallel_classes([(1, 0), (0, 2), (-2, 0)])
    ([(1, 0), (0, 1)], [[(0, 1), (2, -1)], [(1, 1)]])
    """
    if normals and len(normals[0]) == 1:  # on a line every normal is ±(1,): one class
        first = 1 if normals[0][0] > 0 else -1
        return [(first,)], [[(i, 1 if (a[0] > 0) == (first > 0) else -1) for i, a in enumerate(normals)]]
    where: dict[IntVector, tuple[int, int]] = {}
    reps: list[IntVector] = []
    members: Members = []
    for i, a in enumerate(normals):
        key, o = canonical_direction(a)
        found = where.get(key)
        if found is None:
            # the first member, as given, represents its class (orientation +1), so
            # an arrangement without parallels maps to itself
            where[key] = (len(reps), o)
            reps.append(key if o > 0 else tuple(-x for x in key))
            members.append([(i, 1)])
        else:
            c, o0 = found
            members[c].append((i, o * o0))
    return reps, members


def _pivot(h: Sequence[int]) -> int:
    """Index of the entry of h with the smallest nonzero absolute value (keeps minors small)."""
    best = None
    for j, x in enumerate(h):
        if x and (best is None or abs(x) < abs(h[best])):
            best = j
    if best is None:
        raise ValueError("zero normal")
    return best


def restrict(normals: Sequence[Sequence[int]], h: Sequence[int]) -> tuple[int, list[IntVector]]:
    """Restrict normals to the hyperplane h^⊥ in integer coordinates.

    Parameters
    ----------
    normals : sequence of integer vectors
    h : integer vector
        A nonzero normal; the hyperplane restricted to is {w : <h, w> = 0}.

    Returns
    -------
    p : int
        The pivot (an index with h_p ≠ 0, of smallest absolute value).
    restricted : list of tuple of int
        For each normal a, the primitive vector of minors ``(a_j h_p − a_p h_j)_{j≠p}``
        (a zero tuple when a ∥ h).  On a plane (len(h) == 2) only its sign is kept.

    Examples
    --------
    >>> restrict([(1, 2, 3)], (0, 0, 1))
    (2, [(1, 2)])
    """
    p = _pivot(h)
    hp = h[p]
    if len(h) == 2:  # onto a line: only the sign of the single minor matters
        q, hq = 1 - p, h[1 - p]
        return p, [((x > 0) - (x < 0),) for x in (a[q] * hp - a[p] * hq for a in normals)]
    out: list[IntVector] = []
    for a in normals:
        ap = a[p]
        r = [a[j] * hp - ap * h[j] for j in range(len(h)) if j != p]
        g = gcd(*r)
        out.append(tuple(x // g for x in r) if g > 1 else tuple(r))
    return p, out


def lift(u: Sequence[int], h: Sequence[int], p: int) -> IntVector:
    """Map restricted coordinates u ∈ Z^{D-1} back to the point of h^⊥ ⊂ Z^D.

    ``p`` is the pivot returned by :func:`restrict`; <a, lift(u)> is a positive
    multiple of <restricted a, u>, so signs carry over.

    >>> lift((1, 2), (0, 0, 1), 2)
    (1, 2, 0)
    """
    hp = h[p]
    out = [0] * len(h)
    acc = 0
    k = 0
    for j in range(len(h)):
        if j != p:
            out[j] = hp * u[k]
            acc += h[j] * u[k]
            k += 1
    out[p] = -acc
    return tuple(out)


def _angular_order(ups: Sequence[tuple[int, int]]) -> list[int]:
    """Indices of pairwise non-parallel directions in the upper half plane by increasing angle in [0, π).

    A floating-point sort only *proposes* the order: it is accepted iff every
    consecutive pair has a positive exact cross product (a strictly increasing
    angle); otherwise the directions are sorted exactly by the rational key −dx/dy.
    """
    try:
        order = sorted(range(len(ups)), key=lambda c: atan2(ups[c][1], ups[c][0]))
    except OverflowError:  # coordinates beyond the float range
        order = []
    if order and all(ups[b][1] * ups[a][0] - ups[b][0] * ups[a][1] > 0 for a, b in pairwise(order)):
        return order
    keys = [((0, Fraction(0)) if dy == 0 else (1, Fraction(-dx, dy)), c) for c, (dx, dy) in enumerate(ups)]
    keys.sort()
    return [c for _, c in keys]


def _chambers_2d(reps: Sequence[IntVector]) -> list[MaskChamber]:
    """Chambers of pairwise non-parallel lines through 0 in R^2 (angular sweep)."""
    m = len(reps)
    if m == 1:
        a = reps[0]
        return [(1, a), (0, tuple(-x for x in a))]
    # direction of line c, normalised to the upper half plane (angle in [0, π))
    ups = []
    for a0, a1 in reps:
        dx, dy = -a1, a0
        if dy < 0 or (dy == 0 and dx < 0):
            dx, dy = -dx, -dy
        ups.append((dx, dy))
    order = _angular_order(ups)
    rays = [ups[c] for c in order]
    rays += [(-x, -y) for x, y in rays]
    order += order
    # sector k lies between rays k and k+1 (angles < π apart since m >= 2)
    out: list[MaskChamber] = []
    x0, y0 = rays[0]
    x1, y1 = rays[1]
    w = primitive((x0 + x1, y0 + y1))
    mask = 0
    for c, (a0, a1) in enumerate(reps):
        if a0 * w[0] + a1 * w[1] > 0:
            mask |= 1 << c
    out.append((mask, w))
    for k in range(1, 2 * m):
        mask ^= 1 << order[k]  # crossing ray k flips the line it lies on
        xa, ya = rays[k]
        xb, yb = rays[(k + 1) % (2 * m)]
        out.append((mask, primitive((xa + xb, ya + yb))))
    return out


def _chambers_simple(
    reps: Sequence[IntVector], dim: int, progress: Callable[[int], object] | None = None
) -> list[MaskChamber]:
    """Chambers of pairwise non-parallel nonzero integer normals in Z^dim.

    ``progress``, if given, is called with 1 after each inserted hyperplane.
    """
    if dim == 1:  # a single class (±1,): the two half-lines
        mask_pos = 1 if reps[0][0] > 0 else 0
        return [(mask_pos, (1,)), (mask_pos ^ 1, (-1,))]
    if dim == 2:
        return _chambers_2d(reps)
    h0 = reps[0]
    masks = [1, 0]
    wits: list[IntVector] = [h0, tuple(-x for x in h0)]
    for k in range(1, len(reps)):
        h = reps[k]
        p, restricted = restrict(reps[:k], h)
        sub = chambers(restricted, dim - 1)
        # every earlier normal a has integer <a, u> != 0 on an integer witness u of
        # a restricted chamber, so K > max |<a, h>| keeps all earlier signs of K·u ± h.
        K = 1 + max(abs(sum(map(mul, a, h))) for a in reps[:k])
        cut = {m: lift(u, h, p) for m, u in sub}
        bit = 1 << k
        new_masks: list[int] = []
        new_wits: list[IntVector] = []
        add_mask, add_wit, get_cut = new_masks.append, new_wits.append, cut.get  # hot loop
        found = 0
        for m, w in zip(masks, wits):
            u = get_cut(m)
            if u is None:
                s = sum(map(mul, h, w))
                if s > 0:
                    add_mask(m | bit)
                elif s < 0:
                    add_mask(m)
                else:
                    raise CertificateError(
                        "engine bug: an uncut chamber has its witness on the new hyperplane"
                    )
                add_wit(w)
            else:
                found += 1
                add_mask(m | bit)
                add_wit(primitive([K * x + y for x, y in zip(u, h)]))
                add_mask(m)
                add_wit(primitive([K * x - y for x, y in zip(u, h)]))
        if found != len(cut):
            raise CertificateError("engine bug: a restricted chamber matched no chamber")
        masks, wits = new_masks, new_wits
        if progress is not None:
            progress(1)
    return list(zip(masks, wits))


def _chambers_in_prefix(
    reps: Sequence[IntVector], dim: int, k: int, sigmas: frozenset[int]
) -> list[MaskChamber]:
    """Chambers of non-parallel normals whose signs on ``reps[:k]`` are the bits of a σ in ``sigmas``.

    The cone P_σ = {w : <reps[i], w> has the sign of bit i of σ, i < k} is a
    chamber of the first k hyperplanes (or empty).  Deletion–restriction runs inside
    the union of the P_σ: it starts from their witnesses and inserts reps[k],
    reps[k+1], ...; the chambers cut by reps[j] are the chambers of the restriction
    A_j^{reps[j]} inside the P_σ, i.e. with a first-k sign prefix in ``sigmas``
    (restriction keeps every sign: <a, lift(u)> is a positive multiple of
    <restricted a, u>), found by the same routine one dimension lower.
    """
    n = len(reps)
    full_mask = (1 << k) - 1
    if dim <= 2 or k >= n:
        return [(m, w) for m, w in _chambers_simple(reps, dim) if m & full_mask in sigmas]
    if k:
        start = [(m, w) for m, w in _chambers_simple(reps[:k], dim) if m in sigmas]
        first = k
    else:  # the whole space: the first hyperplane cuts it in two
        h0 = reps[0]
        start = [(1, h0), (0, tuple(-x for x in h0))] if 0 in sigmas else []
        first = 1
    if not start:
        return []
    masks = [m for m, _ in start]
    wits: list[IntVector] = [w for _, w in start]
    for j in range(first, n):
        h = reps[j]
        if k and j > 2 * k and not _prefix_full(restrict(reps[:k], h)[1], dim - 1, k, sigmas):
            cut = {}  # h misses every prefix cone (cheap test on k normals): it cuts no chamber
            K = 0
        else:
            p, restricted = restrict(reps[:j], h)
            sub = _prefix_full(restricted, dim - 1, k, sigmas)
            K = 1 + max(abs(sum(map(mul, a, h))) for a in reps[:j])
            cut = {m: lift(u, h, p) for m, u in sub}
        bit = 1 << j
        new_masks: list[int] = []
        new_wits: list[IntVector] = []
        found = 0
        for m, w in zip(masks, wits):
            u = cut.get(m)
            if u is None:
                t = sum(map(mul, h, w))
                if t == 0:
                    raise CertificateError(
                        "engine bug: an uncut chamber has its witness on the new hyperplane"
                    )
                new_masks.append(m | bit if t > 0 else m)
                new_wits.append(w)
            else:
                found += 1
                new_masks.append(m | bit)
                new_wits.append(primitive([K * x + y for x, y in zip(u, h)]))
                new_masks.append(m)
                new_wits.append(primitive([K * x - y for x, y in zip(u, h)]))
        if found != len(cut):
            raise CertificateError("engine bug: a restricted chamber matched no chamber")
        masks, wits = new_masks, new_wits
    return list(zip(masks, wits))


def _prefix_full(
    normals: Sequence[Sequence[int]], dim: int, k: int, sigmas: frozenset[int]
) -> list[MaskChamber]:
    if not normals:
        return [(0, (0,) * dim)] if 0 in sigmas else []
    reps, members = parallel_classes(normals)
    # a class is fixed by the prefix iff it has a member among the first k normals; those
    # classes come first (classes are numbered by first occurrence)
    k_cls = 0
    while k_cls < len(members) and members[k_cls][0][0] < k:
        k_cls += 1
    cls_sigmas = set()
    for sigma in sigmas:
        s_cls = 0
        for c in range(k_cls):
            fixed = {(sigma >> i & 1) ^ (o < 0) for i, o in members[c] if i < k}
            if len(fixed) > 1:
                break  # the prefix asks for opposite sides of one hyperplane: an empty cone
            if fixed.pop():
                s_cls |= 1 << c
        else:
            cls_sigmas.add(s_cls)
    if not cls_sigmas:
        return []
    simple = _chambers_in_prefix(reps, dim, k_cls, frozenset(cls_sigmas))
    expand = _expander(members, len(simple))
    out = simple if expand is None else [(expand(m), w) for m, w in simple]
    if k_cls < k or len(cls_sigmas) < len(sigmas):  # two prefixes may share classes: keep the asked ones
        full_mask = (1 << k) - 1
        out = [(m, w) for m, w in out if m & full_mask in sigmas]
    return out


def chambers_in_prefix(
    normals: Sequence[Sequence[int]], dim: int, k: int, sigmas: int | Iterable[int]
) -> list[MaskChamber]:
    """The chambers whose signs on the first k normals are given: sign-prefix subproblems.

    Parameters
    ----------
    normals : sequence of integer vectors
        Nonzero normals (parallel and repeated ones allowed) in Z^dim.
    dim : int
        Ambient dimension.
    k : int
        Length of the prefix (0 ≤ k ≤ len(normals)).
    sigmas : int or iterable of int
        One prefix or several: bit i (i < k) set iff the sign on ``normals[i]`` is +.

    Returns
    -------
    list of (mask, witness)
        As :func:`chambers`, restricted to the masks with ``mask & (2**k - 1)`` in
        ``sigmas`` (empty if no chamber has such a prefix).  The prefixes that occur
        are the chambers of the first k hyperplanes, so disjoint groups of prefixes
        are independent subproblems that partition the chambers: they can be solved
        in parallel, or one after the other to bound memory.  Several prefixes in one
        call share one traversal of the deletion–restriction tree.

    Examples
    --------
    >>> chambers_in_prefix([(1, 0), (0, 1), (1, 1)], 2, 1, 1)
    [(7, (1, 1)), (1, (1, -2)), (5, (2, -1))]
    """
    wanted = frozenset([sigmas] if isinstance(sigmas, int) else sigmas)
    return _prefix_full(normals, dim, k, wanted)


def mask_expander(plus: Sequence[int], minus: Sequence[int], n_masks: int) -> MaskMap | None:
    """Function mapping a mask over positions 0..k−1 to a mask over other bits, or None (identity).

    Position c set contributes ``plus[c]``, position c clear contributes
    ``minus[c]``.  Byte tables pay off only when many masks are mapped (``n_masks``
    is how many will be); for a few (as in the many small restrictions of a face
    enumeration) a bit loop is cheaper.

    >>> expand = mask_expander([0b100, 0b001], [0, 0b010], 1)
    >>> bin(expand(0b01)), bin(expand(0b10))
    ('0b110', '0b1')
    """
    k = len(plus)
    if all(p == 1 << c for c, p in enumerate(plus)) and not any(minus):
        return None
    all_minus = 0
    for x in minus:
        all_minus |= x
    if n_masks * k < 2048 * ((k + 7) // 8):

        def expand_small(mask: int) -> int:
            full = all_minus
            for c in range(k):
                if mask >> c & 1:
                    full = (full & ~minus[c]) | plus[c]
            return full

        return expand_small
    tables: list[list[int]] = []
    for start in range(0, k, 8):
        cls = range(start, min(start + 8, k))
        table = []
        for byte in range(1 << len(cls)):
            full = 0
            for b, c in enumerate(cls):
                full |= plus[c] if byte >> b & 1 else minus[c]
            table.append(full)
        tables.append(table)

    def expand(mask: int) -> int:
        full = 0
        for t, table in enumerate(tables):
            full |= table[(mask >> (8 * t)) & 255]
        return full

    return expand


def _expander(members: Members, n_masks: int) -> MaskMap | None:
    """Mask over parallel classes -> mask over all normals (None: identity)."""
    plus = [sum(1 << i for i, o in ms if o > 0) for ms in members]
    minus = [sum(1 << i for i, o in ms if o < 0) for ms in members]
    return mask_expander(plus, minus, n_masks)


def chambers(
    normals: Sequence[Sequence[int]], dim: int, progress: Callable[[int], object] | None = None
) -> list[MaskChamber]:
    """All chambers of the central arrangement with the given integer normals in Z^dim.

    Parameters
    ----------
    normals : sequence of tuple[int]
        Nonzero integer normal vectors (parallel and repeated ones allowed).
    dim : int
        Ambient dimension.
    progress : callable, optional
        Called with 1 after each hyperplane inserted at the top level (at most
        the number of distinct hyperplanes calls), e.g. ``tqdm(...).update``.

    Returns
    -------
    list of (mask, witness)
        ``mask`` has bit i set iff ``<normals[i], witness> > 0``; ``witness`` is an
        integer vector with ``<normals[i], witness> != 0`` for every i.  With no
        normals the single chamber is the whole space (witness 0).

    Raises
    ------
    CertificateError
        An internal inconsistency (never expected: the result would be wrong).

    Examples
    --------
    >>> sorted(chambers([(1, 0), (0, 1)], 2))
    [(0, (-1, -1)), (1, (1, -1)), (2, (-1, 1)), (3, (1, 1))]
    """
    if not normals:
        return [(0, (0,) * dim)]
    reps, members = parallel_classes(normals)
    simple = _chambers_simple(reps, dim, progress)
    expand = _expander(members, len(simple))
    if expand is None:
        return simple
    return [(expand(m), w) for m, w in simple]


_SIGN_TABLE = [tuple(1 if b >> i & 1 else -1 for i in range(8)) for b in range(256)]


def masks_to_signs(mask: int, n: int) -> SignVector:
    """Sign vector (tuple over ±1) of length n from a bit mask (bit i set ⟺ sign +1).

    >>> masks_to_signs(0b101, 3)
    (1, -1, 1)
    """
    out: SignVector = ()
    for start in range(0, n, 8):
        out += _SIGN_TABLE[(mask >> start) & 255][: min(8, n - start)]
    return out


def covector_signs(plus: int, minus: int, n: int) -> SignVector:
    """Sign vector over {-1, 0, 1} of length n from the bit masks of its + and − entries.

    >>> covector_signs(0b001, 0b100, 3)
    (1, 0, -1)
    """
    return tuple(1 if plus >> i & 1 else (-1 if minus >> i & 1 else 0) for i in range(n))


def upper_bound_regions(n: int, rank: int) -> int:
    """Cover/Schläfli bound 2·Σ_{k<rank} C(n−1, k): the most chambers n hyperplanes of rank r can have.

    Attained exactly in general position (Karhadkar et al. 2023, Proposition 6);
    :func:`exactrelu.geometry.counting.cover_count` is the validated public form.

    >>> upper_bound_regions(5, 3), upper_bound_regions(0, 3)
    (22, 1)
    """
    if n == 0:
        return 1
    return 2 * sum(comb(n - 1, k) for k in range(rank))

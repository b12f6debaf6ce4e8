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

References: T. Zaslavsky, *Facing up to arrangements* (1975); R. Stanley,
*An introduction to hyperplane arrangements* (2004), Lecture 1 (deletion–
restriction); M. Matena & C. Raffel (2022), section 3 (chambers = activation
regions).
"""

from fractions import Fraction
from math import gcd
from operator import mul

from exactrelu.exact.errors import CertificateError
from exactrelu.exact.linalg import primitive

__all__ = [
    "chambers",
    "covector_signs",
    "lift",
    "masks_to_signs",
    "parallel_classes",
    "restrict",
    "upper_bound_regions",
]


def _canonical(v):
    """Primitive representative of the line R·v with first nonzero entry positive, and the sign."""
    g = gcd(*v)
    if g > 1:
        v = tuple(x // g for x in v)
    for x in v:
        if x:
            if x > 0:
                return v, 1
            return tuple(-y for y in v), -1
    raise ValueError("zero normal")


def parallel_classes(normals):
    """Group nonzero integer normals by the hyperplane they define.

    Returns ``(reps, members)``: ``reps[c]`` is the primitive canonical normal of
    class c and ``members[c]`` the list of ``(index, orientation)`` with
    ``normals[index] = positive multiple of orientation * reps[c]``.
    """
    if normals and len(normals[0]) == 1:  # on a line every normal is ±(1,): one class
        first = 1 if normals[0][0] > 0 else -1
        return [(first,)], [[(i, 1 if (a[0] > 0) == (first > 0) else -1) for i, a in enumerate(normals)]]
    where, reps, members = {}, [], []
    for i, a in enumerate(normals):
        key, o = _canonical(a)
        c = where.get(key)
        if c is None:
            # the first member, as given, represents its class (orientation +1), so
            # an arrangement without parallels maps to itself
            where[key] = (len(reps), o)
            reps.append(key if o > 0 else tuple(-x for x in key))
            members.append([(i, 1)])
        else:
            c, o0 = c
            members[c].append((i, o * o0))
    return reps, members


def _pivot(h):
    """Index of the entry of h with the smallest nonzero absolute value (keeps minors small)."""
    best = None
    for j, x in enumerate(h):
        if x and (best is None or abs(x) < abs(h[best])):
            best = j
    return best


def restrict(normals, h):
    """Restrict normals to the hyperplane h^⊥ in integer coordinates.

    Returns ``(p, restricted)`` with pivot p and, for each normal a, the primitive
    vector of minors ``(a_j h_p − a_p h_j)_{j≠p}`` (a zero tuple when a ∥ h).
    """
    p = _pivot(h)
    hp = h[p]
    if len(h) == 2:  # onto a line: only the sign of the single minor matters
        q, hq = 1 - p, h[1 - p]
        return p, [((x > 0) - (x < 0),) for x in (a[q] * hp - a[p] * hq for a in normals)]
    out = []
    for a in normals:
        ap = a[p]
        r = [a[j] * hp - ap * h[j] for j in range(len(h)) if j != p]
        g = gcd(*r)
        out.append(tuple(x // g for x in r) if g > 1 else tuple(r))
    return p, out


def lift(u, h, p):
    """Map restricted coordinates u ∈ Z^{D-1} back to the point of h^⊥ ⊂ Z^D."""
    hp = h[p]
    out = []
    acc = 0
    k = 0
    for j in range(len(h)):
        if j == p:
            out.append(None)
        else:
            out.append(hp * u[k])
            acc += h[j] * u[k]
            k += 1
    out[p] = -acc
    return tuple(out)


def _chambers_2d(reps):
    """Chambers of pairwise non-parallel lines through 0 in R^2 (angular sweep)."""
    m = len(reps)
    if m == 1:
        a = reps[0]
        return [(1, a), (0, tuple(-x for x in a))]
    # direction of line c, normalised to the upper half plane (angle in [0, π))
    dirs = []
    for c, (a0, a1) in enumerate(reps):
        dx, dy = -a1, a0
        if dy < 0 or (dy == 0 and dx < 0):
            dx, dy = -dx, -dy
        key = (0, Fraction(0)) if dy == 0 else (1, Fraction(-dx, dy))
        dirs.append((key, c, (dx, dy)))
    dirs.sort()
    order = [c for _, c, _ in dirs]
    rays = [d for _, _, d in dirs]
    rays += [(-x, -y) for x, y in rays]
    order += order
    # sector k lies between rays k and k+1 (angles < π apart since m >= 2)
    out = []
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


def _chambers_simple(reps, dim, progress=None):
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
    wits = [h0, tuple(-x for x in h0)]
    for k in range(1, len(reps)):
        h = reps[k]
        p, restricted = restrict(reps[:k], h)
        sub = chambers(restricted, dim - 1)
        # every earlier normal a has integer <a, u> != 0 on an integer witness u of
        # a restricted chamber, so K > max |<a, h>| keeps all earlier signs of K·u ± h.
        K = 1 + max(abs(sum(map(mul, a, h))) for a in reps[:k])
        cut = {m: lift(u, h, p) for m, u in sub}
        bit = 1 << k
        new_masks, new_wits = [], []
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


def mask_expander(plus, minus, n_masks):
    """Function mapping a mask over positions 0..k−1 to a mask over other bits, or None (identity).

    Position c set contributes ``plus[c]``, position c clear contributes
    ``minus[c]``.  Byte tables pay off only when many masks are mapped; for a
    few (as in the many small restrictions of a face enumeration) a bit loop is
    cheaper.
    """
    k = len(plus)
    if all(p == 1 << c for c, p in enumerate(plus)) and not any(minus):
        return None
    all_minus = 0
    for x in minus:
        all_minus |= x
    if n_masks * k < 2048 * ((k + 7) // 8):

        def expand_small(mask):
            full = all_minus
            for c in range(k):
                if mask >> c & 1:
                    full = (full & ~minus[c]) | plus[c]
            return full

        return expand_small
    tables = []
    for start in range(0, k, 8):
        cls = range(start, min(start + 8, k))
        table = []
        for byte in range(1 << len(cls)):
            full = 0
            for b, c in enumerate(cls):
                full |= plus[c] if byte >> b & 1 else minus[c]
            table.append(full)
        tables.append(table)

    def expand(mask):
        full = 0
        for t, table in enumerate(tables):
            full |= table[(mask >> (8 * t)) & 255]
        return full

    return expand


def _expander(members, n_masks):
    """Mask over parallel classes -> mask over all normals (None: identity)."""
    plus = [sum(1 << i for i, o in ms if o > 0) for ms in members]
    minus = [sum(1 << i for i, o in ms if o < 0) for ms in members]
    return mask_expander(plus, minus, n_masks)


def chambers(normals, dim, progress=None):
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


def masks_to_signs(mask, n):
    """Sign vector (tuple over ±1) of length n from a bit mask."""
    out = ()
    for start in range(0, n, 8):
        out += _SIGN_TABLE[(mask >> start) & 255][: min(8, n - start)]
    return out


def covector_signs(plus, minus, n):
    """Sign vector over {-1, 0, 1} of length n from the bit masks of its + and − entries."""
    return tuple(1 if plus >> i & 1 else (-1 if minus >> i & 1 else 0) for i in range(n))


def upper_bound_regions(n, rank):
    """Cover/Schläfli bound 2·Σ_{k<rank} C(n−1, k): the most chambers n hyperplanes of rank r can have."""
    from math import comb

    if n == 0:
        return 1
    return 2 * sum(comb(n - 1, k) for k in range(rank))

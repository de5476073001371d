#!/usr/bin/python3
"""Checks `diplograph report` against networkx, an independent implementation.

usage: report_networkx_test.py DIPLOGRAPH EXAMPLE.txt

Graphs: the project's example text, and random signed graphs of 50, 120 and
300 nodes from fixed seeds (written as node-link JSON and read back by
`diplograph report GRAPH.json`). For each graph every metric of the report is
recomputed with networkx from the same links and compared within a stated
tolerance. The definitions are matched, not assumed (docs/report.md):

  intensity(l) = max(1, positive + negative); length(l) = 1 / intensity(l)
  betweenness  = nx.betweenness_centrality(weight=length, normalized=False)
  harmonic     = nx.harmonic_centrality(distance=length)  (paths *to* a node)
  pagerank     = nx.pagerank(alpha=0.85, weight=intensity)
  eigenvector  = nx.eigenvector_centrality(weight=intensity), rescaled so that
                 the largest is 1 (igraph scales to max 1, networkx to unit
                 norm); compared only on strongly connected graphs, where it
                 is defined
  hub/authority= nx.hits (weight = intensity), rescaled to max 1
  modularity   = nx.community.modularity of the reported partition on the
                 cooperative layer (weight max(0, w(a>b)) + max(0, w(b>a)))
  balance      = signed triads counted here in plain Python

Then the graph tools run on the outputs themselves, with the attribute they
read by default, "weight" (docs/graph-json.md: the intensity positive +
negative, never negative): networkx's pagerank and shortest_path on the
node-link JSON and the GraphML, python-igraph's weighted PageRank on the
GraphML (Debian's python3-igraph). Their PageRank must equal the report's,
which uses max(1, weight): the example has no link below 1.

Random graphs use intensities that are powers of two, so that path lengths
add up exactly in binary and tied shortest paths are ties for both
libraries (igraph compares lengths with a tolerance, networkx exactly).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

TOL = {"betweenness": 1e-6, "harmonic": 1e-6, "pagerank": 1e-6,
       "eigenvector": 1e-4, "hub": 1e-4, "authority": 1e-4}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return p


def report(binary, graph_path, tmp):
    out = os.path.join(tmp, "report.json")
    run([binary, "report", graph_path, "-o", out])
    with open(out) as f:
        return json.load(f)


def nx_graph(graph):
    g = nx.DiGraph()
    for n in graph["nodes"]:
        g.add_node(n["id"])
    for l in graph["links"]:
        inten = max(1.0, l["positive"] + l["negative"])
        # "weight" is what nx.hits reads: the intensity
        g.add_edge(l["source"], l["target"], intensity=inten, weight=inten,
                   length=1.0 / inten, net=l["positive"] - l["negative"])
    return g


def scaled(d):
    m = max(d.values()) if d else 0
    return {k: (v / m if m > 0 else 0.0) for k, v in d.items()}


def compare(name, graph, rep):
    g = nx_graph(graph)
    got = {a["id"]: a for a in rep["actors"]}
    check(set(got) == set(g.nodes), f"{name}: actor set differs")
    expected = {
        "betweenness": nx.betweenness_centrality(g, weight="length",
                                                 normalized=False),
        "harmonic": nx.harmonic_centrality(g, distance="length"),
        "pagerank": nx.pagerank(g, alpha=0.85, weight="intensity",
                                tol=1e-13, max_iter=10000),
    }
    if g.number_of_edges() and nx.is_strongly_connected(g):
        expected["eigenvector"] = scaled(nx.eigenvector_centrality(
            g, weight="intensity", max_iter=100000, tol=1e-13))
    else:
        print(f"{name}: not strongly connected, eigenvector not compared")
    if g.number_of_edges():
        hubs, auths = nx.hits(g, max_iter=100000, tol=1e-13)
        expected["hub"] = scaled(hubs)
        expected["authority"] = scaled(auths)
    for metric, values in expected.items():
        worst = 0.0
        for node, want in values.items():
            have = got[node][metric]
            err = abs(have - want) / max(1.0, abs(want))
            worst = max(worst, err)
            check(err <= TOL[metric],
                  f"{name}: {metric}[{node}] = {have}, networkx {want}")
        print(f"{name}: {metric:11s} max relative error {worst:.2e} "
              f"(tolerance {TOL[metric]:g}, {len(values)} nodes)")

    # degrees and signed strengths straight from the links
    for node in g.nodes:
        a = got[node]
        check(a["in_degree"] == g.in_degree(node), f"{name}: in_degree {node}")
        check(a["out_degree"] == g.out_degree(node),
              f"{name}: out_degree {node}")
    coop_given = {n: 0.0 for n in g.nodes}
    for l in graph["links"]:
        coop_given[l["source"]] += l["positive"]
    for node, v in coop_given.items():
        check(abs(got[node]["cooperation_given"] - v) < 1e-9,
              f"{name}: cooperation_given {node}")

    # modularity of the reported partition on the cooperative layer
    coop = nx.Graph()
    coop.add_nodes_from(g.nodes)
    for a, b, d in g.edges(data=True):
        w = max(0.0, d["net"])
        if g.has_edge(b, a):
            if a > b:
                continue
            w += max(0.0, g[b][a]["net"])
        if w > 0:
            coop.add_edge(a, b, weight=w)
    if coop.number_of_edges():
        parts = [set(c) for c in rep["communities"]]
        placed = set().union(*parts) if parts else set()
        parts += [{n} for n in coop.nodes if n not in placed]
        q = nx.community.modularity(coop, parts, weight="weight")
        check(abs(q - rep["modularity"]) < 1e-6,
              f"{name}: modularity {rep['modularity']}, networkx {q}")
        print(f"{name}: modularity  {rep['modularity']:.6f} "
              f"(networkx {q:.6f}, {len(rep['communities'])} communities)")
        # Louvain should not return a partition worse than all-in-one
        check(rep["modularity"] >= -1e-9, f"{name}: negative modularity")

    # balance
    sign = {}
    for a, b, d in g.edges(data=True):
        key = tuple(sorted((a, b)))
        sign[key] = sign.get(key, 0.0) + d["net"]
    signed = {k: (v > 0) - (v < 0) for k, v in sign.items() if v != 0}
    adj = {}
    for (a, b) in signed:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    triads = balanced = 0
    unbalanced = []
    for a in sorted(adj):
        for b in sorted(adj[a]):
            if b <= a:
                continue
            for c in sorted(adj[a] & adj[b]):
                if c <= b:
                    continue
                triads += 1
                s = signed[(a, b)] * signed[(b, c)] * signed[(a, c)]
                if s > 0:
                    balanced += 1
                else:
                    unbalanced.append({a, b, c})
    bal = rep["balance"]
    check(bal["triads"] == triads, f"{name}: triads {bal['triads']} vs {triads}")
    check(bal["balanced"] == balanced,
          f"{name}: balanced {bal['balanced']} vs {balanced}")
    got_unb = [set(t["actors"]) for t in bal["unbalanced"]]
    check(sorted(map(sorted, got_unb)) == sorted(map(sorted, unbalanced)),
          f"{name}: unbalanced triads differ")
    print(f"{name}: balance     {balanced}/{triads} balanced triads (same)")


def random_graph(seed, n):
    rnd = random.Random(seed)
    nodes = [{"id": f"N{i:03d}", "label": f"Actor {i}", "type": "state",
              "mentions": rnd.randint(1, 50)} for i in range(n)]
    links = []
    seen = set()
    m = n * 4
    while len(links) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        total = 2 ** rnd.randint(0, 4)          # powers of two: exact lengths
        pos = rnd.choice([0, total // 2, total]) if total > 1 else rnd.choice([0, 1])
        neg = total - pos
        links.append({"source": nodes[a]["id"], "target": nodes[b]["id"],
                      "events": rnd.randint(1, 9), "positive": pos,
                      "negative": neg, "weight": pos + neg, "net": pos - neg,
                      "sign": (pos > neg) - (pos < neg), "evidence": []})
    # a cycle through all nodes keeps the graph strongly connected
    for i in range(n):
        a, b = nodes[i]["id"], nodes[(i + 1) % n]["id"]
        if (i, (i + 1) % n) not in seen:
            links.append({"source": a, "target": b, "events": 1,
                          "positive": 1, "negative": 0, "weight": 1, "net": 1,
                          "sign": 1, "evidence": []})
    return {"directed": True, "multigraph": False,
            "graph": {"documents": 0, "events": len(links)},
            "nodes": nodes, "links": links}


def tools_on_outputs(binary, example, tmp):
    """Graph tools read the outputs' "weight" without error, and their
    PageRank is the report's."""
    out = [os.path.join(tmp, "tools" + e) for e in (".json", ".graphml")]
    run([binary, "build", example, "-o", out[0], "-o", out[1]])
    with open(out[0]) as f:
        data = json.load(f)
    ours = {n["id"]: n["pagerank"] for n in data["nodes"]}
    check(all(l["weight"] >= 0 for l in data["links"]),
          "outputs: a negative weight")
    check(all(l["weight"] == l["positive"] + l["negative"] and
              l["net"] == l["positive"] - l["negative"]
              for l in data["links"]), "outputs: weight or net is not as documented")
    try:
        nl = nx.node_link_graph(data, edges="links")
    except TypeError:  # networkx before 3.4
        nl = nx.node_link_graph(data, link="links")
    for name, G in (("node-link", nl), ("graphml", nx.read_graphml(out[1]))):
        pr = nx.pagerank(G, weight="weight", tol=1e-13, max_iter=10000)
        worst = max(abs(pr[k] - ours[k]) for k in ours)
        check(worst < 1e-6, f"{name}: networkx pagerank differs by {worst}")
        a, b = "KAZ", "RUS"
        path = nx.shortest_path(G, a, b, weight="weight")
        check(path[0] == a and path[-1] == b, f"{name}: shortest_path {path}")
        # Dijkstra from every node: no "negative weights" error
        for s in G.nodes:
            nx.single_source_dijkstra_path_length(G, s, weight="weight")
        print(f"{name}: networkx pagerank(weight=\"weight\") max difference "
              f"{worst:.2e}; shortest_path {a}->{b}: {'-'.join(path)}")
    ig = subprocess.run(
        ["/usr/bin/python3", "-c", """
import igraph, json, sys
g = igraph.Graph.Read_GraphML(sys.argv[1])
w = g.es["weight"]
assert min(w) >= 0, min(w)
pr = g.pagerank(weights="weight", directed=True, damping=0.85)
print(json.dumps(dict(zip(g.vs["id"], pr))))
""", out[1]], capture_output=True, text=True)
    check(ig.returncode == 0, f"python-igraph: {ig.stderr.strip()}")
    if ig.returncode == 0:
        pr = json.loads(ig.stdout)
        worst = max(abs(pr[k] - ours[k]) for k in ours)
        check(set(pr) == set(ours), "python-igraph: other nodes")
        check(worst < 1e-6, f"python-igraph: pagerank differs by {worst}")
        print(f"graphml: python-igraph {'weighted pagerank'} max difference "
              f"{worst:.2e}")


def main():
    binary, example = sys.argv[1], sys.argv[2]
    print(f"networkx {nx.__version__} from {nx.__file__}")
    with tempfile.TemporaryDirectory() as tmp:
        ex = os.path.join(tmp, "example.json")
        run([binary, "build", example, "-o", ex])
        with open(ex) as f:
            graph = json.load(f)
        compare("example", graph, report(binary, ex, tmp))
        tools_on_outputs(binary, example, tmp)
        for seed, n in ((1, 50), (2, 120), (3, 300)):
            graph = random_graph(seed, n)
            path = os.path.join(tmp, f"random{n}.json")
            with open(path, "w") as f:
                json.dump(graph, f)
            compare(f"random{n}", graph, report(binary, path, tmp))
    if failures:
        for f in failures[:40]:
            print("FAIL:", f)
        print(f"{len(failures)} checks failed")
        return 1
    print("all metrics match networkx within tolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main())

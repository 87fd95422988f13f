import gzip
import io
import os

from cominer.corpus.records import InputError, RawDoc, sha256_hex
from cominer.corpus.sources import InputConfig, iter_raw_docs


def collect(paths, cap=20_000_000):
    return list(iter_raw_docs([str(p) for p in paths], InputConfig(max_bytes=cap)))


def test_folders_are_read_recursively_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<p>two</p>")
    (tmp_path / "one.txt").write_text("one")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = collect([tmp_path])
    assert [type(i) for i in items] == [RawDoc, RawDoc]
    assert [i.media_type for i in items] == ["text", "html"]  # a folder's files, then subfolders


def test_doc_id_is_the_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "a.html"
    path.write_bytes(b"<p>same bytes</p>")
    (doc,) = collect([path])
    assert doc.doc_id == sha256_hex(b"<p>same bytes</p>")


def test_gzip_files_are_decompressed(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress("<p>社区</p>".encode()))
    (doc,) = collect([path])
    assert doc.media_type == "html" and "社区".encode() in doc.data


def test_size_cap_refuses_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50_000_000)
    (item,) = collect([path], cap=1_000_000)
    assert isinstance(item, InputError) and "size cap" in item.reason


def test_gzip_bomb_stops_at_the_cap(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    (item,) = collect([path], cap=100_000)
    assert isinstance(item, InputError) and "size cap" in item.reason


def test_corrupt_gzip_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "bad.html.gz"
    path.write_bytes(gzip.compress(b"<p>hello</p>" * 100)[:40])
    (item,) = collect([path])
    assert isinstance(item, InputError) and "gzip" in item.reason


def test_missing_path_is_recorded(tmp_path):
    (item,) = collect([tmp_path / "nope.html"])
    assert isinstance(item, InputError) and "no such file" in item.reason


def test_symlink_loops_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    os.symlink(tmp_path, tmp_path / "loop")
    assert len(collect([tmp_path])) == 1


def test_warc_response_records_become_documents(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{n}", "response",
                payload=io.BytesIO(f"<p>page {n}</p>".encode()), http_headers=headers)
            writer.write_record(record)
    items = collect([path])
    assert [i.source for i in items] == ["https://example.org/0", "https://example.org/1"]
    assert all(isinstance(i, RawDoc) for i in items)


def test_truncated_warc_is_an_error(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    items = collect([path])
    assert items and isinstance(items[-1], InputError)

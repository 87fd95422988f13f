import pytest

from cominer.corpus.decode import DecodeError, declared_encoding, decode_bytes


def test_meta_charset_is_respected_for_gbk_pages():
    html = '<html><head><meta charset="gb2312"></head><body><p>社区合伙人模式</p></body></html>'
    decoded = decode_bytes(html.encode("gbk"))
    assert "社区合伙人模式" in decoded.text
    assert decoded.encoding == "gb18030"


def test_http_equiv_charset_is_found():
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    assert declared_encoding(head) == "cp1251"


def test_undeclared_cp1251_is_detected():
    text = ("Органы местного самоуправления и некоммерческие организации совместно оценивают "
            "качество социальных услуг для жителей города. ") * 5
    decoded = decode_bytes(text.encode("cp1251"), is_html=False)
    assert "самоуправления" in decoded.text


def test_wrong_declaration_falls_back_to_detection():
    html = '<meta charset="iso-8859-1"><p>Đồng thiết kế dịch vụ công cùng người dân</p>'
    decoded = decode_bytes(html.encode("utf-8"))
    assert "Đồng thiết kế" in decoded.text


def test_utf8_bom():
    assert decode_bytes("hello world".encode("utf-8-sig")).text == "hello world"


@pytest.mark.parametrize("data, reason", [(b"", "empty"), (b"   \n", "empty"),
                                          (b"\x00\x01\x02binary\x00" * 50, "binary")])
def test_unusable_bytes_raise_a_clear_error(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_utf8_page_with_stray_latin1_bytes_keeps_both():
    data = ("<p>Schön für Bürger: " + "gemeinsam geplante Dienste für ältere Bürger " * 20
            ).encode("utf-8")
    data += "<p>Gemüse</p>".encode("latin-1")
    decoded = decode_bytes(data)
    assert "Schön für Bürger" in decoded.text and "Gemüse" in decoded.text
    assert decoded.encoding == "utf-8+cp1252"

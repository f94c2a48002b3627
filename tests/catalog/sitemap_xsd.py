"""The sitemap schemas, as published at https://www.sitemaps.org/schemas/sitemap/0.9/
(sitemap.xsd and siteindex.xsd; annotations left out), and a schema for the `xhtml:link`
alternates Google documents for hreflang. The published schemas accept elements of other
namespaces with processContents="strict", so the alternates are validated too."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

SITEMAP_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            elementFormDefault="qualified">
  <xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml-link.xsd"/>
  <xsd:element name="urlset">
    <xsd:complexType>
      <xsd:sequence>
        <xsd:element name="url" type="tUrl" maxOccurs="unbounded"/>
      </xsd:sequence>
    </xsd:complexType>
  </xsd:element>
  <xsd:complexType name="tUrl">
    <xsd:sequence>
      <xsd:element name="loc" type="tLoc"/>
      <xsd:element name="lastmod" type="tLastmod" minOccurs="0"/>
      <xsd:element name="changefreq" type="tChangeFreq" minOccurs="0"/>
      <xsd:element name="priority" type="tPriority" minOccurs="0"/>
      <xsd:any namespace="##other" processContents="strict"
               minOccurs="0" maxOccurs="unbounded"/>
    </xsd:sequence>
  </xsd:complexType>
  <xsd:simpleType name="tLoc">
    <xsd:restriction base="xsd:anyURI">
      <xsd:minLength value="12"/>
      <xsd:maxLength value="2048"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="tLastmod">
    <xsd:union>
      <xsd:simpleType><xsd:restriction base="xsd:date"/></xsd:simpleType>
      <xsd:simpleType><xsd:restriction base="xsd:dateTime"/></xsd:simpleType>
    </xsd:union>
  </xsd:simpleType>
  <xsd:simpleType name="tChangeFreq">
    <xsd:restriction base="xsd:string">
      <xsd:enumeration value="always"/>
      <xsd:enumeration value="hourly"/>
      <xsd:enumeration value="daily"/>
      <xsd:enumeration value="weekly"/>
      <xsd:enumeration value="monthly"/>
      <xsd:enumeration value="yearly"/>
      <xsd:enumeration value="never"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="tPriority">
    <xsd:restriction base="xsd:decimal">
      <xsd:minInclusive value="0.0"/>
      <xsd:maxInclusive value="1.0"/>
    </xsd:restriction>
  </xsd:simpleType>
</xsd:schema>
"""

SITEINDEX_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            elementFormDefault="qualified">
  <xsd:element name="sitemapindex">
    <xsd:complexType>
      <xsd:sequence>
        <xsd:element name="sitemap" type="tSitemap" maxOccurs="unbounded"/>
      </xsd:sequence>
    </xsd:complexType>
  </xsd:element>
  <xsd:complexType name="tSitemap">
    <xsd:sequence>
      <xsd:element name="loc" type="tLocSitemap"/>
      <xsd:element name="lastmod" type="tLastmodSitemap" minOccurs="0"/>
      <xsd:any namespace="##other" processContents="strict"
               minOccurs="0" maxOccurs="unbounded"/>
    </xsd:sequence>
  </xsd:complexType>
  <xsd:simpleType name="tLocSitemap">
    <xsd:restriction base="xsd:anyURI">
      <xsd:minLength value="12"/>
      <xsd:maxLength value="2048"/>
    </xsd:restriction>
  </xsd:simpleType>
  <xsd:simpleType name="tLastmodSitemap">
    <xsd:union>
      <xsd:simpleType><xsd:restriction base="xsd:date"/></xsd:simpleType>
      <xsd:simpleType><xsd:restriction base="xsd:dateTime"/></xsd:simpleType>
    </xsd:union>
  </xsd:simpleType>
</xsd:schema>
"""

XHTML_LINK_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://www.w3.org/1999/xhtml"
            elementFormDefault="qualified">
  <xsd:element name="link">
    <xsd:complexType>
      <xsd:attribute name="rel" use="required">
        <xsd:simpleType>
          <xsd:restriction base="xsd:string"><xsd:enumeration value="alternate"/></xsd:restriction>
        </xsd:simpleType>
      </xsd:attribute>
      <xsd:attribute name="hreflang" use="required">
        <xsd:simpleType>
          <xsd:restriction base="xsd:string">
            <xsd:pattern value="x-default|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"/>
          </xsd:restriction>
        </xsd:simpleType>
      </xsd:attribute>
      <xsd:attribute name="href" type="xsd:anyURI" use="required"/>
    </xsd:complexType>
  </xsd:element>
</xsd:schema>
"""


def schemas(directory: Path) -> tuple[etree.XMLSchema, etree.XMLSchema]:
    """(urlset schema, sitemapindex schema), written to `directory` so the import resolves."""
    (directory / "xhtml-link.xsd").write_text(XHTML_LINK_XSD)
    (directory / "sitemap.xsd").write_text(SITEMAP_XSD)
    (directory / "siteindex.xsd").write_text(SITEINDEX_XSD)
    urlset = etree.XMLSchema(etree.parse(str(directory / "sitemap.xsd")))
    index = etree.XMLSchema(etree.parse(str(directory / "siteindex.xsd")))
    return urlset, index

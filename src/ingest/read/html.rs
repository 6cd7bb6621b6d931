//! A news web page, parsed by `scraper` (html5ever, the HTML5 parsing algorithm browsers use): one
//! article. The title comes from `og:title`, else the first `<h1>`, else `<title>`, without a
//! trailing " - Site name"; the body from `<article>`, else `<main>`, else the element holding the
//! most paragraph text, without scripts, styles, navigation, headers, footers, asides and forms.
//! The canonical address, the publication date and the site's name go to the article and document.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};

use crate::ingest::{Article, Document, Format, IngestError};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid selector")
}

/// Elements whose text is never the article's.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "menu", "dialog",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "br",
    "hr",
    "center",
];

/// The `content` of the first matching `<meta>`, or `href` of a `<link>`, trimmed, non-empty.
fn attribute(page: &Html, css: &[&str], name: &str) -> Option<String> {
    css.iter().find_map(|css| {
        page.select(&selector(css))
            .filter_map(|e| e.value().attr(name))
            .map(|v| v.trim().to_owned())
            .find(|v| !v.is_empty())
    })
}

/// An element's text, whitespace collapsed.
fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a web page into a one-article document.
pub fn read(text: &str) -> Result<Document, IngestError> {
    static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
    static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
    static ROOTS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
        ["article", "main", "[role=main]"]
            .iter()
            .map(|c| selector(c))
            .collect()
    });
    let page = Html::parse_document(text);
    let site = attribute(
        &page,
        &[
            "meta[property='og:site_name']",
            "meta[name='SiteName']",
            "meta[name='application-name']",
        ],
        "content",
    );
    let raw_title = attribute(
        &page,
        &["meta[property='og:title']", "meta[name='ArticleTitle']"],
        "content",
    )
    .or_else(|| page.select(&H1).map(text_of).find(|t| !t.is_empty()))
    .or_else(|| page.select(&TITLE).map(text_of).find(|t| !t.is_empty()));
    let (title, suffix) = match raw_title {
        Some(t) => strip_site(&t, site.as_deref()),
        None => (String::new(), None),
    };
    let url = attribute(&page, &["link[rel='canonical']"], "href")
        .or_else(|| attribute(&page, &["meta[property='og:url']"], "content"));
    let published = attribute(
        &page,
        &[
            "meta[property='article:published_time']",
            "meta[name='PubDate']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[itemprop='datePublished']",
        ],
        "content",
    )
    .or_else(|| attribute(&page, &["time[datetime]"], "datetime"));
    let section = attribute(
        &page,
        &[
            "meta[property='article:section']",
            "meta[name='ColumnName']",
        ],
        "content",
    );
    let root = ROOTS
        .iter()
        .find_map(|s| page.select(s).next())
        .or_else(|| densest(&page))
        .unwrap_or_else(|| page.root_element());
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    walk(root, &mut current, &mut paragraphs);
    flush(&mut current, &mut paragraphs);
    paragraphs.retain(|p| *p != title);
    let title = if title.is_empty() {
        match paragraphs.first() {
            Some(first) => first.clone(),
            None => {
                return Err(IngestError::NoArticles(
                    "the page has no title and no text".into(),
                ));
            }
        }
    } else {
        title
    };
    if paragraphs.is_empty() {
        return Err(IngestError::NoArticles(
            "the page has a title but no article text".into(),
        ));
    }
    let mut body = title.clone();
    for paragraph in paragraphs.iter().filter(|p| **p != title) {
        body.push_str("\n\n");
        body.push_str(paragraph);
    }
    Ok(Document {
        publication: site.or(suffix),
        issue: None,
        issued: published.as_deref().and_then(date_of),
        format: Some(Format::Html),
        articles: vec![Article {
            number: None,
            section,
            title,
            text: body,
            url,
        }],
    })
}

/// The title without a trailing site name (`Title - Site`, `Title | Site`, `标题_网站`), and that name.
fn strip_site(title: &str, site: Option<&str>) -> (String, Option<String>) {
    for separator in [" | ", " - ", " – ", " — ", "_", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let (head, tail) = (head.trim(), tail.trim());
            let named = site.is_some_and(|s| tail.contains(s) || s.contains(tail));
            if !head.is_empty()
                && (named
                    || tail.chars().count() <= 40 && tail.chars().count() < head.chars().count())
            {
                return (head.to_owned(), Some(tail.to_owned()));
            }
        }
    }
    (title.trim().to_owned(), None)
}

/// Without `<article>` or `<main>`: the element whose own `<p>` children hold the most text.
fn densest(page: &Html) -> Option<ElementRef<'_>> {
    static P: LazyLock<Selector> = LazyLock::new(|| selector("p"));
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    let mut seen = std::collections::HashSet::new();
    for p in page.select(&P) {
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if !seen.insert(parent.id()) {
            continue;
        }
        let size: usize = parent
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| c.value().name() == "p")
            .map(|c| text_of(c).len())
            .sum();
        if best.is_none_or(|(b, _)| size > b) {
            best = Some((size, parent));
        }
    }
    best.map(|(_, e)| e)
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
    current.clear();
    if !text.is_empty() {
        paragraphs.push(text);
    }
}

/// Collects an element's text into paragraphs, one per block element, skipping what is not the
/// article's.
fn walk(element: ElementRef<'_>, current: &mut String, paragraphs: &mut Vec<String>) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => current.push_str(text),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let block = BLOCKS.contains(&name);
                if block {
                    flush(current, paragraphs);
                }
                walk(child, current, paragraphs);
                if block {
                    flush(current, paragraphs);
                }
            }
            _ => {}
        }
    }
}

/// `2019-05-13T10:00:00+08:00`, `2019-05-13 10:00`, `2019/05/13`: the day.
fn date_of(s: &str) -> Option<crate::model::PartialDate> {
    let day: String = s
        .trim()
        .chars()
        .take(10)
        .map(|c| if c == '/' { '-' } else { c })
        .collect();
    super::issue_date(&day).or_else(|| super::issue_date(day.get(..7)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;

    const MINISTRY: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<title>工业和信息化部发布《工业互联网综合标准化体系建设指南》_中华人民共和国工业和信息化部</title>
<meta name="SiteName" content="中华人民共和国工业和信息化部">
<meta name="ColumnName" content="工作动态">
<meta name="PubDate" content="2019-03-05 10:30">
<link rel="canonical" href="https://www.miit.gov.cn/xwdt/gxdt/art/2019/art_1.html">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav { color: red }</style>
</head><body>
<header><div class="logo">中华人民共和国工业和信息化部</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/xwdt">新闻动态</a></li></ul></nav>
<div class="content">
  <h1>工业和信息化部发布《工业互联网综合标准化体系建设指南》</h1>
  <div class="info">来源：科技司　　发布时间：2019-03-05</div>
  <p>　　近日，工业和信息化部、国家标准化管理委员会联合印发《工业互联网综合标准化体系建设指南》。</p>
  <p>　　《指南》提出，到2020年，初步建立工业互联网标准体系，制定30项以上重点标准。</p>
  <script>console.log("广告")</script>
</div>
<aside>相关链接：国家标准化管理委员会</aside>
<footer>版权所有：中华人民共和国工业和信息化部　京ICP备04000001号</footer>
</body></html>"#;

    #[test]
    fn a_ministry_news_page_is_one_clean_article() {
        let doc =
            crate::ingest::read::read(MINISTRY.as_bytes(), &IngestOptions::default()).unwrap();
        assert_eq!(doc.format, Some(Format::Html));
        assert_eq!(
            doc.publication.as_deref(),
            Some("中华人民共和国工业和信息化部")
        );
        assert_eq!(doc.issued, "2019-03-05".parse().ok());
        let a = &doc.articles[0];
        assert_eq!(
            a.title,
            "工业和信息化部发布《工业互联网综合标准化体系建设指南》"
        );
        assert_eq!(a.section.as_deref(), Some("工作动态"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.miit.gov.cn/xwdt/gxdt/art/2019/art_1.html")
        );
        assert_eq!(
            a.text,
            "工业和信息化部发布《工业互联网综合标准化体系建设指南》\n\n来源：科技司 发布时间：2019-03-05\n\n近日，工业和信息化部、国家标准化管理委员会联合印发《工业互联网综合标准化体系建设指南》。\n\n《指南》提出，到2020年，初步建立工业互联网标准体系，制定30项以上重点标准。"
        );
    }

    #[test]
    fn a_gb2312_page_decodes_and_reads_the_same() {
        let page = MINISTRY.replace(
            "charset=\"utf-8\"",
            "http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"",
        );
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&page);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let doc = crate::ingest::read::read(&bytes, &IngestOptions::default()).unwrap();
        assert_eq!(
            doc.articles[0].title,
            "工业和信息化部发布《工业互联网综合标准化体系建设指南》"
        );
        assert!(doc.articles[0].text.contains("制定30项以上重点标准。"));
    }

    #[test]
    fn an_english_news_page_prefers_og_tags_and_the_article_element() {
        let page = r#"<html><head><title>ETSI and CESI renew their MoU | Example News</title>
<meta property="og:title" content="ETSI and CESI renew their MoU - Example News">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/etsi-cesi">
<meta property="article:published_time" content="2019-04-18T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
<div class="sidebar"><p>Subscribe!</p></div>
<article><h1>ETSI and CESI renew their MoU</h1>
<p>ETSI and <a href="https://www.cesi.cn">CESI</a> agreed on 17 April 2019 to renew
their memorandum of understanding.</p><p>The MoU covers 5G and IoT.</p>
<form><input name="q"><button>Search</button></form></article>
<footer><p>© Example News</p></footer></body></html>"#;
        let doc = crate::ingest::read::read(page.as_bytes(), &IngestOptions::default()).unwrap();
        let a = &doc.articles[0];
        assert_eq!(a.title, "ETSI and CESI renew their MoU");
        assert_eq!(doc.publication.as_deref(), Some("Example News"));
        assert_eq!(doc.issued, "2019-04-18".parse().ok());
        assert_eq!(a.url.as_deref(), Some("https://news.example.org/etsi-cesi"));
        assert_eq!(
            a.text,
            "ETSI and CESI renew their MoU\n\nETSI and CESI agreed on 17 April 2019 to renew their memorandum of understanding.\n\nThe MoU covers 5G and IoT."
        );
    }

    #[test]
    fn without_article_or_main_the_densest_paragraphs_win() {
        let page = "<html><body><div id=menu><p>Home</p><p>About</p></div><div id=story><p>The Example Committee approved three standards on smart meters.</p><p>They take effect in July.</p></div></body></html>";
        let doc = read(page).unwrap();
        assert_eq!(
            doc.articles[0].title,
            "The Example Committee approved three standards on smart meters."
        );
        assert_eq!(
            doc.articles[0].text,
            "The Example Committee approved three standards on smart meters.\n\nThey take effect in July."
        );
        assert!(matches!(
            read("<html><body><nav>Home</nav></body></html>"),
            Err(IngestError::NoArticles(_))
        ));
    }
}

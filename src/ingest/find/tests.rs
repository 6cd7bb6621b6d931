//! Data-driven tests of the finders: each prints the mentions of a text as
//! `kind value role "text"`, one a line, in the order they start. Real sentences from the newsletter
//! (`tests/fixtures/newsletter/`) and made-up ones in other styles (Chinese dates, web news).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use expect_test::{Expect, expect};

use super::find;
use crate::ingest::MentionKind;

fn check(input: &str, expected: Expect) {
    let mut out = String::new();
    for m in find(input, Some(2019)) {
        assert_eq!(
            &input[m.start..m.end],
            m.text,
            "a mention's text is its span"
        );
        let kind = serde_json::to_value(m.kind).expect("a kind serializes");
        out.push_str(&format!(
            "{} {} {} {:?}\n",
            kind.as_str().unwrap_or_default(),
            m.value.as_deref().unwrap_or("-"),
            m.role.as_deref().unwrap_or("-"),
            m.text
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn codes_in_every_spelling() {
    check(
        "GB/T 22239-2019 and GB/T22239—2019, GB／T 22239－2019. GB 4943.1-2011, IEC 62368-1 and \
         ISO/IEC 27001:2013 apply; see also YD/T 3594-2019, SJ/T 11541-2015, GA/T 1389-2017, \
         JR/T 0171-2020, GB/Z 20986-2007 and T/CESA 1036-2019.",
        expect![[r#"
            code GB/T 22239-2019 - "GB/T 22239-2019"
            code GB/T 22239-2019 - "GB/T22239—2019"
            code GB/T 22239-2019 - "GB／T 22239－2019"
            code GB 4943.1-2011 - "GB 4943.1-2011"
            code IEC 62368-1 - "IEC 62368-1"
            code ISO/IEC 27001:2013 - "ISO/IEC 27001:2013"
            code YD/T 3594-2019 - "YD/T 3594-2019"
            code SJ/T 11541-2015 - "SJ/T 11541-2015"
            code GA/T 1389-2017 - "GA/T 1389-2017"
            code JR/T 0171-2020 - "JR/T 0171-2020"
            code GB/Z 20986-2007 - "GB/Z 20986-2007"
            code T/CESA 1036-2019 - "T/CESA 1036-2019"
        "#]],
    );
    check(
        "ITU-T Y.3172 and ITU-T X.509 define it; ETSI EN 303 645 V2.1.1 and ETSI TS 103 645 cover \
         consumer IoT, EN 50600-1 data centres, IEEE 802.11 and IEEE Std 1451.5 sensors.",
        expect![[r#"
            code ITU-T Y.3172 - "ITU-T Y.3172"
            code ITU-T X.509 - "ITU-T X.509"
            code ETSI EN 303 645 - "ETSI EN 303 645"
            title V2.1.1 and standard "V2.1.1 and"
            code ETSI TS 103 645 - "ETSI TS 103 645"
            code EN 50600-1 - "EN 50600-1"
            code IEEE 802-11 - "IEEE 802.11"
            code IEEE Std 1451-5 - "IEEE Std 1451.5"
        "#]],
    );
    check(
        "Plan numbers 20190xxx-T-469 and 20181234-Q-339 were listed; Project No. 201510209 is not \
         one. 5G, Industry 4.0, V2.0 and Article 21 are not codes either.",
        expect![[r#"
            plan_number 20190xxx-T-469 - "20190xxx-T-469"
            plan_number 20181234-Q-339 - "20181234-Q-339"
        "#]],
    );
}

#[test]
fn dates_and_what_they_date() {
    check(
        "These standards will come into force on December 1, 2019.",
        expect![[r#"
            lifecycle - in_force "come into force"
            date 2019-12-01 in_force "December 1, 2019"
        "#]],
    );
    check(
        "In the National Standardization Press Conference held on May 13, SAMR/SAC issued three \
         standards of Cybersecurity Classified Protection V2.0:",
        expect![[r#"
            event - press_conference "National Standardization Press Conference"
            date 2019-05-13 held "May 13"
            lifecycle - issued "issued"
        "#]],
    );
    check(
        "On May 21, 2019, CAC together with SAMR, NDRC, MIIT, the Ministry of Public Security and \
         the State Cryptography Administration, jointly issued a call for comments on the \
         “Measures for Cybersecurity Review (Draft for comments)”. The deadline is June 18, 2019.",
        expect![[r#"
            date 2019-05-21 issued "May 21, 2019"
            lifecycle - issued "issued"
            comment_call - call "call for comments"
            title Measures for Cybersecurity Review (Draft for comments) document "Measures for Cybersecurity Review (Draft for comments)"
            comment_call - draft "Draft for comments"
            date 2019-06-18 deadline "June 18, 2019"
        "#]],
    );
    check(
        "SESEC IV Expert, Dr. Betty Xu, attended three stakeholder events in the Swedish Institute \
         of Standardization, Austria Standards and AFNOR from April 26 to May 7, 2019.",
        expect![[r#"
            person - SESEC IV expert "Betty Xu"
            date 2019-04-26/2019-05-07 held "April 26 to May 7, 2019"
        "#]],
    );
    check(
        "The Eighth Working Group Meeting of China-Germany Intelligent Manufacturing/Industry 4.0 \
         Standardization was held in Xiamen from May 19 to 22, 2019. At the Plenary Session on \
         the 22nd, three results were released. The 33rd meeting of CCSATC1 was held in Beijing \
         on April 16 and17, 2019.",
        expect![[r#"
            event - meeting "Eighth Working Group Meeting of China-Germany Intelligent Manufacturing/Industry 4.0 Standardization"
            date 2019-05-19/2019-05-22 held "May 19 to 22, 2019"
            date 2019-05-22 held "22nd"
            lifecycle - released "released"
            event - meeting "33rd meeting of CCSATC1"
            committee CCSA TC1 - "CCSATC1"
            date 2019-04-16/2019-04-17 held "April 16 and17, 2019"
        "#]],
    );
    check(
        "Since 2006, there has been three SESEC projects in China, SESEC I (2006-2009). In April \
         2018, SESEC IV was officially launched in Beijing. AIGWG was set up in January 2018. The \
         Industrial Internet Special Working Group was found in February 2018.",
        expect![[r#"
            date 2006 - "2006"
            date 2006/2009 - "2006-2009"
            date 2018-04 established "April 2018"
            lifecycle - launched "launched"
            lifecycle - established "set up"
            date 2018-01 established "January 2018"
            lifecycle - established "was found"
            date 2018-02 established "February 2018"
        "#]],
    );
    check(
        "Those white papers were identified in the Memorandum of Understanding between TC260 and \
         DIN/NIA in February 2019. At the end of 2018, four V2.0 standards were released. \
         The Work Plan consists of 27 key tasks that shall be completed by December 2019.",
        expect![[r#"
            mou - signed "Memorandum of Understanding between TC260 and DIN/NIA"
            committee TC260 - "TC260"
            date 2019-02 signed "February 2019"
            date 2018 published "2018"
            lifecycle - released "released"
            date 2019-12 - "December 2019"
        "#]],
    );
    check(
        "该标准于2019年5月13日发布，2019年12月1日起实施。征求意见截止时间为2019年6月18日。\
         会议于2019年5月13日至15日在北京召开。2019年5月，工作组成立。",
        expect![[r#"
            date 2019-05-13 published "2019年5月13日"
            lifecycle - published "发布"
            date 2019-12-01 in_force "2019年12月1日"
            lifecycle - in_force "实施"
            comment_call - call "征求意见"
            date 2019-06-18 held "2019年6月18日"
            date 2019-05-13/2019-05-15 held "2019年5月13日至15日"
            date 2019-05 established "2019年5月"
            lifecycle - established "成立"
        "#]],
    );
    check(
        "The workshop takes place 26 April - 7 May in Brussels. Comments are due by 2019-06-30; \
         the agreement was signed 2019/5/13 and renewed on 13 May 2019. The summit ran from 10 \
         to 12 June. Published May 13th. The forum on April 26-28, 2019 drew 200 people.",
        expect![[r#"
            date 2019-04-26/2019-05-07 held "26 April - 7 May"
            date 2019-06-30 deadline "2019-06-30"
            date 2019-05-13 signed "2019/5/13"
            date 2019-05-13 signed "13 May 2019"
            date 2019-06-10/2019-06-12 held "10 to 12 June"
            date 2019-05-13 published "May 13th"
            date 2019-04-26/2019-04-28 held "April 26-28, 2019"
        "#]],
    );
    check(
        "During the week of April 15, Mr. Romero visited Beijing. During the week of December 28 \
         they met. About 20 stakeholders attended; 50 participants joined on May 2 and approximately 30 \
         others. The 31st category of the Catalogue (2019 version) covers 5G and Industry 4.0.",
        expect![[r#"
            date 2019-04-15/2019-04-21 held "April 15"
            person - - "Romero"
            date 2019-12-28/2020-01-03 - "December 28"
            date 2019-05-02 held "May 2"
        "#]],
    );
}

#[test]
fn committees() {
    check(
        "SAC/TC 260, TC260, TC 260/SC 1, CCSA TC5 WG6, CCSA/TC1, CCSATC12, ISO/IEC JTC 1/SC 27, \
         ISO/TC 215, ITU-T SG17, IEC TC 100, WG1 and the SWG met.",
        expect![[r#"
            committee SAC/TC 260 - "SAC/TC 260"
            committee TC260 - "TC260"
            committee TC260/SC1 - "TC 260/SC 1"
            committee CCSA TC5 WG6 - "CCSA TC5 WG6"
            committee CCSA TC1 - "CCSA/TC1"
            committee CCSA TC12 - "CCSATC12"
            committee ISO/IEC JTC 1/SC 27 - "ISO/IEC JTC 1/SC 27"
            committee ISO/TC 215 - "ISO/TC 215"
            committee ITU-T SG17 - "ITU-T SG17"
            committee IEC TC 100 - "IEC TC 100"
            committee WG1 - "WG1"
            committee SWG - "SWG"
        "#]],
    );
}

#[test]
fn definitions() {
    check(
        "Recently, the National Development and Reform Commission (NDRC) issued a call for \
         comments. The China Electronics Standardization Institute (CESI) and the Ministry of \
         Industry and Information Technology (MIIT) agreed. Later CESI said so.",
        expect![[r#"
            organization NDRC - "National Development and Reform Commission"
            lifecycle - issued "issued"
            comment_call - call "call for comments"
            organization CESI - "China Electronics Standardization Institute"
            organization MIIT - "Ministry of Industry and Information Technology"
            organization CESI - "CESI"
        "#]],
    );
    check(
        "On June 1, 2019, the National Information Security Standardization Technical Committee \
         (TC260) published a set of guidelines. CCSA will establish the \"Space and \
         Communications Technical Committee (CCSATC12)\". The First Group Leaders Meeting of AI \
         Standardization General Working Group (AIGWG) of 2019 was held.",
        expect![[r#"
            date 2019-06-01 published "June 1, 2019"
            committee TC260 - "National Information Security Standardization Technical Committee"
            committee TC260 - "TC260"
            lifecycle - published "published"
            committee CCSA TC12 - "Space and Communications Technical Committee"
            committee CCSA TC12 - "CCSATC12"
            event - meeting "First Group Leaders Meeting of AI Standardization General Working Group (AIGWG) of 2019"
            committee AIGWG - "AI Standardization General Working Group"
            date 2019 - "2019"
        "#]],
    );
    check(
        "CESI (China Electronics Standardization Institute) and 全国信息安全标准化技术委员会（TC260）\
         met 中国电子技术标准化研究院（CESI）. SESEC I (2006-2009), the Catalogue (science and \
         technology services), Vehicles (ICV), the guide (Project No. 201510209) and GB/T 1 \
         (GB/T 22239-2019) are not definitions.",
        expect![[r#"
            organization CESI - "China Electronics Standardization Institute"
            committee TC260 - "全国信息安全标准化技术委员会"
            committee TC260 - "TC260"
            organization CESI - "中国电子技术标准化研究院"
            organization CESI - "CESI"
            date 2006/2009 - "2006-2009"
            code GB/T 1 - "GB/T 1"
            code GB/T 22239-2019 - "GB/T 22239-2019"
        "#]],
    );
}

#[test]
fn people_and_their_titles() {
    check(
        "During the week of April 15, Mr. Luis Jorge Romero (Director General) and Mrs. Margot \
         Dor (Director of Strategy & Development) of the European Telecommunication Standards \
         Institute (ETSI) visited Beijing.",
        expect![[r#"
            date 2019-04-15/2019-04-21 held "April 15"
            person - director general "Luis Jorge Romero"
            person European Telecommunication Standards Institute director "Margot Dor"
            organization ETSI - "European Telecommunication Standards Institute"
        "#]],
    );
    check(
        "Dr. Betty XU was nominated as the SESEC expert. SESEC IV Expert, Dr. Betty Xu, attended \
         three events. Li Guanyu, deputy director of MIIT, said that big data matters. Liu \
         Dashan, the director of SAC, stated so.",
        expect![[r#"
            person - SESEC expert "Betty XU"
            person - SESEC IV expert "Betty Xu"
            person MIIT deputy director "Li Guanyu"
            person SAC director "Liu Dashan"
        "#]],
    );
    check(
        "Mr. XU Hanliang, chairman of CCSA TC5, opened the meeting; Director General ZHANG Wei \
         and Prof. WANG Fang, secretary-general of the China Electronics Standardization \
         Association, spoke. The chairman of TC260, Mr. Yang Jianjun, closed it.",
        expect![[r#"
            person CCSA TC5 chairman "XU Hanliang"
            committee CCSA TC5 - "CCSA TC5"
            person - director general "ZHANG Wei"
            person China Electronics Standardization Association secretary-general "WANG Fang"
            committee TC260 - "TC260"
            person TC260 chairman "Yang Jianjun"
        "#]],
    );
}

#[test]
fn titles_in_every_quote_style() {
    check(
        "Advice was given on the ''Guidelines for the Construction of National New Generation AI \
         Standards System'', ''AI Standardization and Open Source Study'', and ''AI Ethics and \
         Social Impact Research\". It passed one national standard project proposal \"Technical \
         Requirements for Distributed Block Storage”.",
        expect![[r#"
            title Guidelines for the Construction of National New Generation AI Standards System document "Guidelines for the Construction of National New Generation AI Standards System"
            title AI Standardization and Open Source Study document "AI Standardization and Open Source Study"
            title AI Ethics and Social Impact Research document "AI Ethics and Social Impact Research"
            lifecycle - approved "passed"
            title Technical Requirements for Distributed Block Storage standard "Technical Requirements for Distributed Block Storage"
        "#]],
    );
    check(
        "In the meanwhile, NDRC issued a call for comments on the \"Catalogue for Guiding \
         Industrial Restructuring (2019 version, draft for comments)\". It implements the “Guiding \
         Opinions of the State Council on Deepening ‘Internet + Advanced Manufacturing Industry’ \
         and Developing Industrial Internet”. Article 21 states “The state shall implement the \
         system of classified protection of cybersecurity”. 工信部发布《工业互联网综合标准化体系建设指南》。",
        expect![[r#"
            lifecycle - issued "issued"
            comment_call - call "call for comments"
            title Catalogue for Guiding Industrial Restructuring (2019 version, draft for comments) document "Catalogue for Guiding Industrial Restructuring (2019 version, draft for comments)"
            comment_call - draft "draft for comments"
            title Guiding Opinions of the State Council on Deepening ‘Internet + Advanced Manufacturing Industry’ and Developing Industrial Internet document "Guiding Opinions of the State Council on Deepening ‘Internet + Advanced Manufacturing Industry’ and Developing Industrial Internet"
            lifecycle - published "发布"
            title 工业互联网综合标准化体系建设指南 document "工业互联网综合标准化体系建设指南"
        "#]],
    );
    check(
        "GB/T 22239-2019 information security technology—Baseline for classified protection of \
         cybersecurity; GB/T 28449-2018 Testing and evaluation process guide for classified \
         protection of cybersecurity, GB/T 36958-2018 Technical requirements of security \
         management centre, and GB/T 22239-2008 “Information security technology—Baseline for \
         classified protection of information system security”. IEC 62368-1 corresponds to it.",
        expect![[r#"
            code GB/T 22239-2019 - "GB/T 22239-2019"
            title information security technology—Baseline for classified protection of cybersecurity standard "information security technology—Baseline for classified protection of cybersecurity"
            code GB/T 28449-2018 - "GB/T 28449-2018"
            title Testing and evaluation process guide for classified protection of cybersecurity standard "Testing and evaluation process guide for classified protection of cybersecurity"
            code GB/T 36958-2018 - "GB/T 36958-2018"
            title Technical requirements of security management centre standard "Technical requirements of security management centre"
            code GB/T 22239-2008 - "GB/T 22239-2008"
            title Information security technology—Baseline for classified protection of information system security standard "Information security technology—Baseline for classified protection of information system security"
            code IEC 62368-1 - "IEC 62368-1"
        "#]],
    );
}

#[test]
fn events_mous_and_calls_for_comments() {
    check(
        "The 33rd meeting of CCSATC1 on internet and Applied Technology was held in Beijing. The \
         Eighth Working Group Meeting of China-Germany Intelligent Manufacturing and the Plenary \
         Session of the China-Germany Standardization Cooperation Committee were held in Xiamen.",
        expect![[r#"
            event - meeting "33rd meeting of CCSATC1"
            committee CCSA TC1 - "CCSATC1"
            event - meeting "Eighth Working Group Meeting of China-Germany Intelligent Manufacturing"
            event - plenary "Plenary Session of the China-Germany Standardization Cooperation Committee"
        "#]],
    );
    check(
        "On April 9, 2019, China Smart Home Summit Forum, sponsored by CESI, was held. CCSA held a \
         seminar on Internet of Vehicles (Intelligent Connected Vehicles). In the National \
         Standardization Press Conference held on May 13, SAC spoke. ETSI Delegation visited \
         Beijing. The meeting ended. 2019年5月，中国标准化论坛在北京举行。",
        expect![[r#"
            date 2019-04-09 held "April 9, 2019"
            event - forum "China Smart Home Summit Forum"
            event - seminar "seminar on Internet of Vehicles"
            event - press_conference "National Standardization Press Conference"
            date 2019-05-13 held "May 13"
            event - visit "ETSI Delegation visited Beijing"
            date 2019-05 held "2019年5月"
            event - forum "中国标准化论坛"
        "#]],
    );
    check(
        "ETSI and CESI agreed to renew their MoU. The papers were identified in the Memorandum of \
         Understanding between TC260 and DIN/NIA in February 2019. NDRC issued a call for \
         comments on the draft for comments; MIIT solicits public comments until June 18. 工信部\
         公开征求意见。",
        expect![[r#"
            mou - renewed "MoU"
            mou - signed "Memorandum of Understanding between TC260 and DIN/NIA"
            committee TC260 - "TC260"
            date 2019-02 signed "February 2019"
            lifecycle - issued "issued"
            comment_call - call "call for comments"
            comment_call - draft "draft for comments"
            comment_call - call "solicits public comments"
            date 2019-06-18 deadline "June 18"
            comment_call - call "公开征求意见"
        "#]],
    );
}

#[test]
fn lifecycle_verbs() {
    check(
        "SAC issued three standards which will come into force on December 1, 2019 and replace \
         GB/T 22239-2008, which is withdrawn. The plan was approved, adopted and launched; the \
         group was set up and the guide released. 该标准代替GB/T 22239-2008，自2019年12月1日起实施。\
         Smart Issues are not verbs.",
        expect![[r#"
            lifecycle - issued "issued"
            lifecycle - in_force "come into force"
            date 2019-12-01 in_force "December 1, 2019"
            lifecycle - replaces "replace"
            code GB/T 22239-2008 - "GB/T 22239-2008"
            lifecycle - withdrawn "withdrawn"
            lifecycle - approved "approved"
            lifecycle - adopted "adopted"
            lifecycle - launched "launched"
            lifecycle - established "set up"
            lifecycle - released "released"
            lifecycle - replaces "代替"
            code GB/T 22239-2008 - "GB/T 22239-2008"
            date 2019-12-01 in_force "2019年12月1日"
            lifecycle - in_force "实施"
        "#]],
    );
}

#[test]
fn web_news_phrasing() {
    check(
        "BEIJING, March 3 (Xinhua) -- The Standardization Administration of China (SAC) on Monday \
         released 12 national standards, including GB/T 38636-2020 Information security \
         technology - Transport layer security protocol (TLS) specification, which take effect on \
         Nov. 1, 2020. Comments are due by April 30.",
        expect![[r#"
            date 2019-03-03 published "March 3"
            organization SAC - "Standardization Administration of China"
            lifecycle - released "released"
            code GB/T 38636-2020 - "GB/T 38636-2020"
            title Information security technology - Transport layer security protocol (TLS) specification standard "Information security technology - Transport layer security protocol (TLS) specification"
            lifecycle - in_force "take effect"
            date 2020-11-01 in_force "Nov. 1, 2020"
            date 2019-04-30 deadline "April 30"
        "#]],
    );
    check(
        "国家市场监督管理总局（国家标准化管理委员会）发布GB 4943.1—2022《音视频、信息技术和通信技术设备 \
         第1部分：安全要求》，自2023年8月1日起实施，代替GB 4943.1-2011。",
        expect![[r#"
            lifecycle - published "发布"
            code GB 4943.1-2022 - "GB 4943.1—2022"
            title 音视频、信息技术和通信技术设备 第1部分：安全要求 standard "音视频、信息技术和通信技术设备 第1部分：安全要求"
            date 2023-08-01 in_force "2023年8月1日"
            lifecycle - in_force "实施"
            lifecycle - replaces "代替"
            code GB 4943.1-2011 - "GB 4943.1-2011"
        "#]],
    );
}

/// Cut anywhere, a text still gives mentions whose spans are its own (no slicing inside a
/// character, no panic), whatever half-open quotes, parentheses and dates the cut leaves.
#[test]
fn any_cut_of_a_text_is_searched_without_panic() {
    let sample = "On May 13, 2019, SAMR/SAC issued GB/T 22239—2019 “Information security technology—\
                  Baseline” (CESI) and 《信息安全技术》，2019年5月13日至15日召开；Mr. XU Hanliang, \
                  chairman of CCSA TC5 WG6, said the 33rd meeting of TC260/SC1 on the 22nd (2006-2009) \
                  ''Guide'' ‘x’ 征求意见稿 20190xxx-T-469 ITU-T Y.3172.";
    for (i, _) in sample.char_indices() {
        for part in [&sample[i..], &sample[..i]] {
            for m in find(part, None) {
                assert_eq!(part.get(m.start..m.end), Some(m.text.as_str()), "{part:?}");
            }
        }
    }
}

/// The newsletter with its white space collapsed, as one text (the reader splits articles; these
/// tests need only the words).
fn newsletter() -> String {
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/newsletter/sesec-it-ict-newsletter-2019.txt"
    ))
    .expect("the newsletter fixture is readable");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The codes of the seed's Standard nodes, as the normalizer displays them, and the same without
/// their year (a text may cite `GB 4943.1` for the seed's `GB 4943.1-2011`).
fn seed_codes() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut series = BTreeSet::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/articles");
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("seed/articles is readable") {
        let path = entry.expect("a directory entry").path();
        let text = std::fs::read_to_string(&path).expect("a seed file is readable");
        let doc: toml::Table = toml::from_str(&text).expect("a seed file is TOML");
        for node in doc
            .get("node")
            .and_then(|n| n.as_array())
            .into_iter()
            .flatten()
        {
            if node.get("kind").and_then(|k| k.as_str()) != Some("Standard") {
                continue;
            }
            if let Some(code) = node.get("code").and_then(|c| c.as_str()) {
                let code = crate::model::StandardCode::parse(code).expect("a seed code parses");
                series.insert(code.series_key());
                codes.insert(code.to_string());
            }
        }
    }
    (codes, series)
}

#[test]
fn every_code_of_the_seed_and_no_other_is_found_in_the_newsletter() {
    let text = newsletter();
    let found: BTreeSet<String> = find(&text, Some(2019))
        .into_iter()
        .filter(|m| m.kind == MentionKind::Code)
        .filter_map(|m| m.value)
        .collect();
    let (seed, series) = seed_codes();
    assert!(seed.len() >= 10, "the seed has codes: {seed:?}");
    let missed: Vec<&String> = seed.difference(&found).collect();
    // A code without its year cites an edition the seed has.
    let cites_seed = |code: &String| {
        crate::model::StandardCode::parse(code)
            .is_ok_and(|c| c.year().is_none() && series.contains(&c.series_key()))
    };
    let extra: Vec<&String> = found.difference(&seed).filter(|c| !cites_seed(c)).collect();
    assert!(missed.is_empty(), "codes of the seed not found: {missed:?}");
    assert!(
        extra.is_empty(),
        "codes found that the seed lacks: {extra:?}"
    );
}

#[test]
fn finding_takes_time_in_proportion_to_the_text() {
    let text = newsletter();
    let long = [text.as_str(); 8].join("\n\n");
    // The first call compiles the patterns.
    let mentions = find(&text, Some(2019));
    assert!(mentions.len() > 100, "{} mentions", mentions.len());
    let time = |text: &str| {
        let started = Instant::now();
        std::hint::black_box(find(std::hint::black_box(text), Some(2019)));
        started.elapsed()
    };
    let once = (0..3).map(|_| time(&text)).min().expect("three runs");
    let eight = time(&long);
    eprintln!("find: {once:?} per newsletter, {eight:?} for eight (unoptimized build)");
    // Linear, with room for a loaded machine: nothing compares every mention with every other.
    assert!(
        eight < once * 24,
        "eight newsletters took {eight:?}, one {once:?}"
    );
    // Unoptimized test builds are tens of times slower than release (the target there: 10 ms).
    assert!(once < Duration::from_secs(1), "{once:?} per newsletter");
}

/// How many mentions of each kind (and role) the newsletter holds: a change to a finder shows here
/// as a change of counts to explain.
#[test]
fn the_newsletter_mentions_by_kind() {
    let text = newsletter();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for m in find(&text, Some(2019)) {
        let kind = serde_json::to_value(m.kind).expect("a kind serializes");
        let kind = kind.as_str().unwrap_or_default().to_owned();
        *counts.entry(kind.clone()).or_default() += 1;
        if matches!(
            m.kind,
            MentionKind::Date | MentionKind::Event | MentionKind::Lifecycle
        ) {
            let role = m.role.as_deref().unwrap_or("-");
            *counts.entry(format!("  {kind} {role}")).or_default() += 1;
        }
    }
    let out: String = counts.iter().map(|(k, n)| format!("{k}: {n}\n")).collect();
    expect![[r#"
          date -: 21
          date deadline: 2
          date established: 3
          date held: 13
          date in_force: 1
          date issued: 1
          date published: 5
          date signed: 1
          event conference: 1
          event event: 1
          event forum: 3
          event meeting: 7
          event plenary: 3
          event press_conference: 1
          event seminar: 3
          event stakeholder_event: 2
          event visit: 1
          lifecycle adopted: 3
          lifecycle approved: 10
          lifecycle established: 6
          lifecycle in_force: 1
          lifecycle issued: 12
          lifecycle launched: 4
          lifecycle published: 5
          lifecycle released: 7
        code: 12
        comment_call: 11
        committee: 27
        date: 47
        event: 22
        lifecycle: 48
        mou: 2
        organization: 14
        person: 8
        title: 73
    "#]]
    .assert_eq(&out);
}

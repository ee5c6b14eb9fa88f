#include "analyzers/skill_extractor.h"

#include <doctest/doctest.h>

#include "analyzers/analyzer.h"
#include "tests/test_support.h"

namespace chanjiao::analysis {
namespace {

using testing::analyzer;

std::string found(std::string_view text) {
  std::string out;
  for (const Skill* s : analyzer().find_skills(text)) out += (out.empty() ? "" : ",") + s->name;
  return out;
}

TEST_CASE("skills are found in text and mapped to their canonical form") {
  struct {
    const char* text;
    const char* skills;  // canonical names, in order of first mention
  } rows[] = {
      {"熟悉SpringBoot和MySQL", "Spring Boot,MySQL"},
      {"熟悉Spring Boot框架", "Spring Boot"},
      {"精通 spring-boot 与 Redis", "Spring Boot,Redis"},
      {"ＳＰＲＩＮＧＢＯＯＴ", "Spring Boot"},
      {"会用K8S部署Docker容器", "Kubernetes,Docker"},
      {"熟悉C++和5G基站", "C++,5G NR"},
      {"C++工程师", "C++"},
      {"掌握数控编程，能操作加工中心", "数控编程,加工中心"},
      {"持有焊工证，熟悉氩弧焊", "焊工证,氩弧焊"},
      {"西门子PLC编程与博途", "PLC,TIA Portal"},
      {"取得1+X证书和导游证", "1+X证书,导游证"},
      {"育婴师 母婴护理", "育婴"},
      {"軟體測試與資料庫", "软件测试,数据库"},
      {"vue3 + TypeScript", "Vue.js,TypeScript"},
      {"负责公司日常事务", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(found(row.text) == row.skills);
  }
}

TEST_CASE("an explicit skill value maps to one canonical key") {
  struct {
    const char* value;
    const char* key;
  } rows[] = {
      {"SpringBoot", "spring boot"},
      {"Spring Boot", "spring boot"},
      {"springboot", "spring boot"},
      {"K8s", "kubernetes"},
      {"PLC编程", "plc"},
      {"資料庫", "数据库"},
      {"未收录的技能", "未收录的技能"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.value);
    CHECK(analyzer().skill_key(row.value) == row.key);
  }
}

TEST_CASE("a vocabulary file rejects a variant claimed by two skills") {
  testing::TempDir dir;
  std::string path = dir.write("skills.txt", "# test\nJava | java开发\nKotlin | java开发\n");
  SkillExtractor extractor;
  auto words = [](std::string_view t) { return analyzer().word_texts(t); };
  auto normalize = [](std::string_view t) { return analyzer().normalize(t); };
  Status s = extractor.add_file(path, words, normalize);
  CHECK_FALSE(s.is_ok());
  CHECK(s.message().find(":3:") != std::string::npos);
}

TEST_CASE("the team's vocabulary loads with hundreds of skills") {
  CHECK(analyzer().skills().size() >= 400);
}

}  // namespace
}  // namespace chanjiao::analysis

namespace chanjiao::analysis {
namespace {

// "name:role:level" of each requirement, role c/p/f, level -/b/w/e; a `*`
// after the name when the title names the skill (RequiredSkill::in_title).
std::string required(std::string_view title, std::string_view body,
                     const std::vector<std::string>& skills = {}, std::string_view org = {}) {
  const Analyzer& a = testing::analyzer();
  PostingText posting{title, body, &skills, org};
  std::string out;
  for (const RequiredSkill& r : a.skills().requirements(
           posting, [&a](std::string_view t) { return a.find_skills(t); },
           [&a](std::string_view t) { return a.normalize(t); })) {
    const char role = r.role == SkillRole::kCore ? 'c' : r.role == SkillRole::kPlus ? 'p' : 'f';
    const char level = "-bwe"[static_cast<int>(r.level)];
    out += (out.empty() ? "" : ",") + r.skill->name + (r.in_title ? "*" : "") + ":" + role + ":" +
           level;
  }
  return out;
}

TEST_CASE("clauses split at punctuation and enumeration marks") {
  std::vector<std::string_view> c =
      split_clauses("任职要求：1.熟悉Java；2、精通MySQL，有Redis经验者优先。3)了解Linux");
  REQUIRE(c.size() == 5);
  CHECK(c[0] == "任职要求：");
  CHECK(c[1] == "熟悉Java");
  CHECK(c[2] == "精通MySQL");
  CHECK(c[3] == "有Redis经验者优先");
  CHECK(c[4] == "了解Linux");
  CHECK(split_clauses("版本3.5以上").size() == 1);  // a decimal is no enumeration
}

TEST_CASE("a posting's skills are core or plus with the stated level") {
  CHECK(required("Java开发工程师", "1.精通Java；2.熟悉MySQL，有Redis经验者优先；3.了解Linux") ==
        "Java*:c:e,MySQL:c:w,Redis:p:-,Linux:c:b,数据结构:f:-,算法:f:-,数据库:f:-,SQL:f:-");
  // The title names the job's main skills: core even when the body names others.
  CHECK(required("Python/Java工程师", "熟悉Java") ==
        "Python*:c:-,Java*:c:w,数据结构:f:-,算法:f:-,数据库:f:-,SQL:f:-");
  // A bare title is the whole requirement.
  CHECK(required("会计", "") == "会计*:c:-");
  // The posting's own skill list counts as required.
  CHECK(required("销售代表", "", {"市场营销", "英语优先"}) ==
        "市场营销:c:-,英语:p:-,商务沟通:f:-,销售技巧:f:-");
}

TEST_CASE("one of several alternatives is a plus, examples take their clause's role") {
  // 至少一种 / 其中一种: no single language of the list is required.
  CHECK(required("测试员", "熟悉C++、Java至少一种语言，熟悉Shell") == "C++:p:w,Java:p:w,Shell:c:w");
  // 如… continues the clause before it (here a plus), 如有… is a condition.
  CHECK(required("工程师", "至少熟悉一种服务器开发语言，如Java、PHP") == "Java:p:-,PHP:p:-");
  CHECK(required("工程师", "熟悉Linux，如有Docker经验") == "Linux:c:w,Docker:c:-");
  CHECK(required("工程师", "熟悉Go语言，至少熟悉其它一种语言(C++、Java)") ==
        "Go语言:c:w,C++:p:w,Java:p:w,数据结构:f:-,算法:f:-,数据库:f:-,SQL:f:-");
  // C/C++ is one protected token: the C++ skill.
  CHECK(required("工程师", "熟悉C/C++") == "C++:c:w,数据结构:f:-,算法:f:-,C语言:f:-");
  CHECK(is_example_clause("例如MySQL"));
  CHECK_FALSE(is_example_clause("如果熟悉MySQL"));
}

TEST_CASE("a title rule names an occupation's main skill") {
  CHECK(required("测试工程师高级", "负责功能测试").find("软件测试*:c") != std::string::npos);
  CHECK(required("前端工程师", "熟悉Vue").find("前端开发*:c") != std::string::npos);
  CHECK(required("服务员", "熟悉收银系统").find("*") == std::string::npos);
}

TEST_CASE("foundations are those of required skills, not of pluses") {
  CHECK(required("前端工程师", "熟悉Vue，会Python者优先").find("算法:f") == std::string::npos);
  CHECK(required("工程师", "熟悉Python").find("算法:f") != std::string::npos);
}

TEST_CASE("boilerplate and the company name are no evidence") {
  // A welfare clause naming a skill-like word, and a company called after one.
  CHECK(required("出纳", "福利：五险一金，免费Python培训；负责日常收付", {}, "") == "会计:f:-");
  CHECK(required("接线员", "欢迎加入Python科技有限公司；负责接听电话", {}, "Python科技有限公司") ==
        "");
  CHECK(required("客服专员", "欢迎加入Python科技有限公司；负责接听电话", {},
                 "Python科技有限公司") == "客户服务*:c:-,商务沟通:f:-");
}

TEST_CASE("a skill is found by its canonical name only") {
  const SkillExtractor& v = testing::analyzer().skills();
  const Skill* s = v.named("Spring Boot");
  REQUIRE(s != nullptr);
  CHECK(s->key == testing::analyzer().skill_key("springboot"));
  CHECK(v.named("springboot") == nullptr);  // a variant, not the stored name
  CHECK(v.named("不是技能") == nullptr);
}

TEST_CASE("foundations come from skill_relations.txt") {
  CHECK(required("嵌入式软件工程师", "熟悉单片机开发").find("C语言:f") != std::string::npos);
  CHECK(required("iOS开发", "熟悉Swift").find("C语言:f") != std::string::npos);
  CHECK(required("厨师", "会做川菜").find(":f") == std::string::npos);
}

TEST_CASE("generic and introductory courses are recognised") {
  const Analyzer& a = testing::analyzer();
  CHECK(a.skills().is_generic_course(a.normalize("大学英语（一）")));
  CHECK(a.skills().is_generic_course(a.normalize("创新创业基础")));
  CHECK_FALSE(a.skills().is_generic_course(a.normalize("Java程序设计")));
  CHECK(a.skills().is_intro_course(a.normalize("数据库系统导论")));
  CHECK_FALSE(a.skills().is_intro_course(a.normalize("MySQL数据库应用")));
}

TEST_CASE("a relations file naming an unknown skill is an error naming the line") {
  testing::TempDir dir;
  const std::string path =
      dir.write("skill_relations.txt", "[foundations]\n不存在的技能 <- Java\n");
  SkillExtractor e;
  Status s = e.add_relations_file(
      path, [](std::string_view t) { return std::vector<std::string>{std::string(t)}; },
      [](std::string_view t) { return std::string(t); });
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message().find(":2:") != std::string::npos);
}

}  // namespace
}  // namespace chanjiao::analysis

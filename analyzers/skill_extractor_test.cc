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

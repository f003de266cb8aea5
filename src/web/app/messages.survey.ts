/**
 * 精准调研 Survey campaigns (teams, questionnaires, assignments, responses, the campaign report): Chinese labels and
 * their English twins, spread into the one dictionary in i18n.ts.
 */
export const SURVEY_MESSAGES = {
  'menu.surveys': ['精准调研', 'Surveys'],
  'module.surveys.desc': ['调研活动、调研组、问卷、入户填报与调研报告。', 'Survey campaigns: teams, questionnaires, responses and the report.'],
  'perm.survey.manage': ['组织调研', 'Run survey campaigns'],
  'perm.survey.respond': ['填报调研问卷', 'Answer survey questionnaires'],
} as const satisfies Record<string, readonly [string, string]>;

import type { Challenge } from '@/types/api';

// Code lists from domain.md (三层七端多元, scenario domains, districts). Labels are
// translated through i18n keys `taxonomy.<value>`; values are what the API stores.
export const SEVEN_ENDS = ['数字安防', '工业视觉', '医学影像', '自动驾驶', '智能生活及办公', '虚拟现实及元宇宙', '特殊成像'] as const;

export const FOUNDATION = ['智能芯片', '传感器和光学器件', '存储显示设备', '物联网大数据和云计算'] as const;
export const TECHNOLOGY = ['感知智能', '认知智能', '平台智能'] as const;
export const FUTURE = ['6G', '仿生机器人', '类脑计算', '智能检测', '智慧物流', '智慧教育', '智慧养老', '智慧商业'] as const;

export const SCENARIO_DOMAINS = ['城市治理', '交通', '工业', '物流', '医疗', '金融', '文娱', '养老', '家居'] as const;

// Kinds of opportunity a city list carries (场景, 开放资源, 试点).
export const DEMAND_TYPES = ['应用场景', '技术攻关', '开放数据', '开放场地', '试点示范'] as const;

export const DISTRICTS = [
  '滨江区',
  '萧山区',
  '余杭区',
  '钱塘区',
  '上城区',
  '拱墅区',
  '西湖区',
  '临平区',
  '富阳区',
  '临安区',
  '桐庐县',
  '淳安县',
  '建德市',
] as const;

export const QUALIFICATIONS = ['创新型中小企业', '专精特新中小企业', '专精特新"小巨人"', '高新技术企业', '隐形冠军', '链主企业'] as const;

/** A challenge's states as the workflow's spec spells them (generated types): the lists below are checked against it. */
export type ChallengeStatus = Challenge['status'];

export const CHALLENGE_STATES = [
  'draft',
  'pending_approval',
  'open',
  'qualification',
  'expert_review',
  'award_approval',
  'publicity',
  'awarded',
] as const satisfies readonly ChallengeStatus[];

export const TERMINAL_STATES = ['unsuccessful', 'cancelled'] as const satisfies readonly ChallengeStatus[];

export const ROLES = ['enterprise', 'vendor', 'expert', 'gov_reviewer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

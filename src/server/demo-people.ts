import { substream } from '../simulation/random/streams.ts';
import type { Xoshiro128 } from '../simulation/random/xoshiro.ts';

/**
 * Who the demo customers are: fictional Chinese names, phone numbers that cannot reach anyone,
 * and per kind of business the free attributes a shop of that kind keeps (the vehicle and its
 * mileage at the car dealership, the skin type at the salon, the assets at the broker's).
 *
 * Phone numbers are all 139 0000 xxxx — a block no operator gives out to subscribers, so a
 * demo SMS channel switched on by mistake reaches nobody.
 */

/** A seeded draw of small choices (names, amounts) — one stream per purpose keeps plans stable. */
export class DemoRandom {
  private readonly rng: Xoshiro128;
  constructor(seed: number, purpose: number) {
    this.rng = substream(seed, 100 + purpose);
  }
  /** A number in [0, 1). */
  next(): number {
    return this.rng.uniform();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.uniform() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.rng.uniform() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.uniform() * xs.length)]!;
  }
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影丽阳涵'];

/** A fictional full name: a common surname and one or two given characters. */
export function demoName(r: DemoRandom): string {
  const given = r.chance(0.7) ? r.pick(GIVEN) + r.pick(GIVEN) : r.pick(GIVEN);
  return r.pick(SURNAMES) + given;
}

/** The n-th demo phone number (n from 1), as a customer would write it: +86 139 0000 0001. */
export function demoPhone(n: number): string {
  return `+86 139 0000 ${String(n).padStart(4, '0')}`;
}

/**
 * A kind of business whose SOPs serve customers, and which of the library's templates belong to
 * it. Customers of one kind share a pool per store: the buyer of a car comes back for its
 * service, the salon's regulars phone to book and then visit.
 */
export interface CustomerKind {
  readonly id: string;
  /** Template keys whose cases serve a customer of this kind. */
  readonly templates: readonly string[];
  /** Free attributes of one customer. */
  readonly attributes?: (r: DemoRandom) => Record<string, unknown>;
  /** Cases per customer on average: low where people come once (a hospital), high for regulars. */
  readonly casesPerCustomer: number;
}

const CARS = ['大众 帕萨特', '丰田 凯美瑞', '本田 雅阁', '别克 君威', '日产 轩逸', '比亚迪 汉', '吉利 星瑞', '奥迪 A4L', '宝马 3系', '哈弗 H6'];
const PLATE_LETTERS = [...'ABCDEFGHJK'];
const SKIN = ['干性', '油性', '混合性', '中性', '敏感性'];
const ALLERGIES = ['香精', '酒精', '果酸', '花粉'];
const BUILDINGS = ['1号楼', '3号楼', '5号楼', '7号楼', '9号楼', '12号楼'];

/** The kinds of customer the demo knows, by the template keys of the library. */
export const CUSTOMER_KINDS: readonly CustomerKind[] = [
  {
    id: 'automotive',
    templates: ['car-sales', 'car-after-sales', 'car-sales-inbound-call'],
    casesPerCustomer: 4,
    attributes: (r) => ({
      vehicle: r.pick(CARS),
      plate: `辽${r.pick(PLATE_LETTERS)}·D${r.int(10000, 99999)}`,
      mileage: r.int(3, 120) * 1000,
    }),
  },
  {
    id: 'beauty',
    templates: ['salon-visit', 'salon-phone-booking'],
    casesPerCustomer: 4.5,
    attributes: (r) => ({ skinType: r.pick(SKIN), ...(r.chance(0.25) ? { allergies: [r.pick(ALLERGIES)] } : {}) }),
  },
  { id: 'finance', templates: ['securities-client-service'], casesPerCustomer: 3, attributes: (r) => ({ assets: r.pick([12, 25, 35, 48, 80, 120, 150, 260]) * 10_000 }) },
  { id: 'tobacco', templates: ['account-manager-visit'], casesPerCustomer: 3, attributes: (r) => ({ monthlyCartons: r.pick([8, 15, 22, 30, 55, 70]) }) },
  {
    id: 'campus',
    templates: ['hot-water-repair', 'customer-service-5s4e'],
    casesPerCustomer: 3.5,
    attributes: (r) => ({ building: r.pick(BUILDINGS), studentNo: `2024${r.int(10000, 99999)}` }),
  },
  { id: 'hospitality', templates: ['guesthouse-check-in', 'bath-club-visit', 'checkout-damage-claim'], casesPerCustomer: 4 },
  { id: 'ktv', templates: ['ktv-room-visit', 'ktv-phone-reservation'], casesPerCustomer: 4 },
  { id: 'restaurant', templates: ['hotpot-table-service', 'restaurant-waiter-service'], casesPerCustomer: 4, attributes: (r) => ({ taste: r.pick(['微辣', '中辣', '不辣', '清淡']) }) },
  { id: 'retail', templates: ['clothing-sale'], casesPerCustomer: 4, attributes: (r) => ({ size: r.pick(['S', 'M', 'L', 'XL']) }) },
  { id: 'home', templates: ['custom-wardrobe', 'home-improvement-service', 'installation-and-repair'], casesPerCustomer: 2.5 },
  { id: 'services', templates: ['express-shipment', 'new-connection', 'business-hall', 'sales-office-visit', 'service-process', 'refund-request', 'emergency-visit'], casesPerCustomer: 5 },
];

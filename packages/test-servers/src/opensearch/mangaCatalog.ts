import type { OpenSearchDocument } from './types';

const titles: Array<[string, string, string, string, number, number]> = [
  ['One Piece', 'ワンピース', 'Eiichiro Oda', 'adventure', 108, 528],
  ['Demon Slayer: Kimetsu no Yaiba', '鬼滅の刃', 'Koyoharu Gotouge', 'action', 23, 484],
  ['Attack on Titan', '進撃の巨人', 'Hajime Isayama', 'dark fantasy', 34, 506],
  ['Jujutsu Kaisen', '呪術廻戦', 'Gege Akutami', 'action', 28, 484],
  ['Spy x Family', 'SPY×FAMILY', 'Tatsuya Endo', 'comedy', 14, 528],
  ['Frieren: Beyond Journey’s End', '葬送のフリーレン', 'Kanehito Yamada', 'fantasy', 13, 528],
  ['Chainsaw Man', 'チェンソーマン', 'Tatsuki Fujimoto', 'action', 19, 528],
  ['My Hero Academia', '僕のヒーローアカデミア', 'Kohei Horikoshi', 'superhero', 42, 484],
  ['Naruto', 'NARUTO -ナルト-', 'Masashi Kishimoto', 'action', 72, 484],
  ['Slam Dunk', 'SLAM DUNK', 'Takehiko Inoue', 'sports', 31, 484],
  ['Haikyu!!', 'ハイキュー!!', 'Haruichi Furudate', 'sports', 45, 484],
  ['Blue Lock', 'ブルーロック', 'Muneyuki Kaneshiro', 'sports', 31, 528],
  ['Oshi no Ko', '【推しの子】', 'Aka Akasaka', 'drama', 16, 594],
  ['The Apothecary Diaries', '薬屋のひとりごと', 'Natsu Hyuuga', 'mystery', 13, 748],
  ['Dungeon Meshi', 'ダンジョン飯', 'Ryoko Kui', 'fantasy', 14, 748],
  ['Vinland Saga', 'ヴィンランド・サガ', 'Makoto Yukimura', 'historical', 28, 759],
  ['Kingdom', 'キングダム', 'Yasuhisa Hara', 'historical', 73, 583],
  ['Yotsuba&!', 'よつばと！', 'Kiyohiko Azuma', 'slice of life', 16, 770],
  ['Detective Conan', '名探偵コナン', 'Gosho Aoyama', 'mystery', 105, 506],
  ['Dragon Ball', 'DRAGON BALL', 'Akira Toriyama', 'adventure', 42, 484],
];

/** The default documents of `manga-index`: what the example's vector search returns. */
export const MANGA_DOCUMENTS: readonly OpenSearchDocument[] = titles.map(([title, titleJa, author, genre, volumes, price], i) => ({
  _id: `manga-${String(i + 1).padStart(4, '0')}`,
  _source: {
    title,
    title_ja: titleJa,
    author,
    genre,
    volumes,
    price_jpy: price,
    in_stock: i % 7 !== 3,
    summary: `${title} (${titleJa}) by ${author}: a ${genre} series in ${volumes} volumes.`,
  },
}));

export const DEFAULT_INDEX = 'manga-index';

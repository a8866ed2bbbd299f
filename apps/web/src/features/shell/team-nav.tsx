'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const SECTIONS = [
  ['runs', 'Runs'],
  ['datasets', 'Datasets'],
  ['models', 'Models'],
  ['weights', 'Weights'],
  ['compare', 'Compare'],
  ['members', 'Members'],
  ['tokens', 'API tokens'],
] as const;

export function TeamNav({ teamId, teamName }: { teamId: string; teamName: string }) {
  const pathname = usePathname();
  return (
    <nav className="team-nav" aria-label={`Team ${teamName}`}>
      {SECTIONS.map(([section, label]) => {
        const href = `/teams/${teamId}/${section}`;
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={section} href={href} aria-current={current ? 'page' : undefined}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

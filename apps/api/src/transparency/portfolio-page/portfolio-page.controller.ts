import { Controller, Get, Header } from '@nestjs/common';
import {
  PORTFOLIO_PAGE_CSP,
  PORTFOLIO_PAGE_HTML,
  PORTFOLIO_PAGE_ICON,
} from './portfolio-page.html';
import { PORTFOLIO_PAGE_SCRIPT } from './portfolio-page.script';
import { PORTFOLIO_PAGE_CSS } from './portfolio-page.styles';

/**
 * The public portfolio page, for a municipality or a migrant club to show its members: a
 * static shell, its script and its styles, kept as string constants so that ts-jest and the
 * compiled dist serve the same bytes with no asset copying. The data comes from the public
 * GraphQL API, read anonymously by the page itself (see portfolio-page.script.ts).
 */
@Controller('portfolio')
export class PortfolioPageController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PORTFOLIO_PAGE_CSP)
  @Header('Referrer-Policy', 'no-referrer')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return PORTFOLIO_PAGE_HTML;
  }

  @Get('portfolio.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return PORTFOLIO_PAGE_SCRIPT;
  }

  @Get('portfolio.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  styles(): string {
    return PORTFOLIO_PAGE_CSS;
  }

  @Get('icon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'max-age=86400')
  icon(): string {
    return PORTFOLIO_PAGE_ICON;
  }
}

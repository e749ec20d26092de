// The ceiling for bench/inbound: a bare NestJS app whose one endpoint does one INSERT, with the
// same body parsing and the same connection pool as the service. Started by run.ts.
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Controller()
class CeilingController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('health')
  health(): string {
    return 'ok';
  }

  @Post('insert')
  @HttpCode(200)
  async insert(@Body() body: Record<string, string>): Promise<string> {
    await this.dataSource.query('insert into bench_ceiling (sid, body) values ($1, $2)', [body.MessageSid, body.Body]);
    return '<Response/>';
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      synchronize: false,
      logging: false,
      extra: { max: 20, application_name: 'josh-bench-ceiling' },
    }),
  ],
  controllers: [CeilingController],
})
class CeilingModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(CeilingModule, { logger: false });
  await app.listen(Number(process.env.PORT));
}

void main();

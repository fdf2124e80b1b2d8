DROP TABLE annual_figures;

"""The Japanese web app (Gradio): make a flyer, check a .pptx, keep the guideline, usage."""
